// Renders a campaign screen the way the app does: Mantine, a query client and the root
// event listener (so `emitAppEvent` reaches the cache).
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { useAppEvents } from "../../lib/appEvents";

function Events() {
  useAppEvents();
  return null;
}

export function renderWithApp(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider env="test">
      <QueryClientProvider client={client}>
        <Events />
        {ui}
      </QueryClientProvider>
    </MantineProvider>,
  );
}
