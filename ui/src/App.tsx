import { MantineProvider, createTheme } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { Shell } from "./components/Shell";
import { useAppEvents } from "./lib/appEvents";

/** Follows the backend's events for as long as the window lives. */
function AppEvents() {
  useAppEvents();
  return null;
}

const theme = createTheme({
  // Someone who turned animations off in their system gets panels that open at once.
  respectReducedMotion: true,
  primaryColor: "teal",
  defaultRadius: "md",
  fontFamily: "Inter, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
});

export function App() {
  // Backend state is local and cheap to read: no retries that would hide an error.
  const [client] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }),
  );
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={client}>
        <AppEvents />
        <Shell />
      </QueryClientProvider>
    </MantineProvider>
  );
}
