import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { RunCounts, RunView } from "../../ipc";
import { useAppEvents } from "../../lib/appEvents";
import { RunPanel } from "./RunPanel";

function counts(done: number, total = 10): RunCounts {
  return { total, pending: total - done, done, failed: 0, edited: 0, inputTokens: 0, outputTokens: 0 };
}

function runView(status: RunView["status"], done: number): RunView {
  return {
    id: 7,
    templateId: null,
    listId: 1,
    body: "Oi {{nome}}",
    model: "gpt-4o-mini",
    status,
    counts: counts(done),
    createdAt: "2026-12-05T10:00:00Z",
    approvedAt: null,
  };
}

function Events() {
  useAppEvents();
  return null;
}

/** The app's root listener stays mounted; the panel comes and goes like a screen. */
function renderApp(client: QueryClient, showPanel: boolean) {
  return (
    <MantineProvider>
      <QueryClientProvider client={client}>
        <Events />
        {showPanel && <RunPanel runId={7} />}
      </QueryClientProvider>
    </MantineProvider>
  );
}

describe("RunPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("follows a background run after leaving and re-entering the screen, and shows why it stopped", async () => {
    let saved = runView("ready", 0);
    setHandlers({
      personalise_get: () => saved,
      personalise_messages: () => [],
      personalise_start: () => {
        saved = runView("running", 0);
        return saved;
      },
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const view = render(renderApp(client, true));
    await userEvent.click(await screen.findByTestId("run-start"));
    await waitFor(() => expect(screen.getByTestId("personalise-run")).toHaveAttribute("data-status", "running"));
    expect(calls.filter((c) => c.name === "personalise_start")).toHaveLength(1);

    emitAppEvent({ kind: "personaliseProgress", runId: 7, counts: counts(3) });
    await waitFor(() => expect(screen.getByTestId("run-counts")).toHaveTextContent("3 de 10 prontas"));

    // Leave the screen: the run goes on in the backend and its events keep arriving.
    view.rerender(renderApp(client, false));
    saved = runView("running", 6);
    emitAppEvent({ kind: "personaliseProgress", runId: 7, counts: counts(6) });

    // Come back: reloaded from the backend, then following the events again.
    view.rerender(renderApp(client, true));
    await waitFor(() => expect(screen.getByTestId("run-counts")).toHaveTextContent("6 de 10 prontas"));
    expect(screen.getByTestId("run-pause")).toBeInTheDocument();

    saved = runView("paused", 8);
    emitAppEvent({
      kind: "personaliseState",
      runId: 7,
      status: "paused",
      counts: counts(8),
      error: { code: "AI_UNAUTHORIZED", message: "401 Incorrect API key", params: {} },
    });
    await waitFor(() => expect(screen.getByTestId("personalise-run")).toHaveAttribute("data-status", "paused"));
    expect(screen.getByTestId("run-counts")).toHaveTextContent("8 de 10 prontas");
    expect(screen.getByTestId("error-alert")).toHaveAttribute("data-code", "AI_UNAUTHORIZED");
  });

  it("pauses by asking the backend, not by dropping a channel", async () => {
    setHandlers({
      personalise_get: () => runView("running", 2),
      personalise_messages: () => [],
      personalise_pause: () => true,
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(renderApp(client, true));
    await userEvent.click(await screen.findByTestId("run-pause"));
    await waitFor(() => expect(calls.find((c) => c.name === "personalise_pause")?.args).toEqual({ runId: 7 }));
  });
});
