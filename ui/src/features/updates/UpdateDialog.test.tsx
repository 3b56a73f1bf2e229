import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { UpdateCheck, UpdateProgress } from "../../ipc";
import { IpcFailure } from "../../ipc";
import { UpdateCenter } from "./UpdateCenter";

// A Channel stand-in: the fake backend calls `onmessage` the way Tauri would.
vi.mock("../../ipc/channel", () => ({
  newChannel: (onmessage: (message: unknown) => void) => ({ onmessage }),
}));

type ProgressChannel = { onmessage: (progress: UpdateProgress) => void };

const available: UpdateCheck = {
  state: "available",
  currentVersion: "0.1.0",
  version: "0.2.0",
  notes: "Campanhas mais rápidas.\nCorreções no importador.",
  pubDate: "2026-12-01T12:00:00Z",
};

function fail(code: IpcFailure["code"], params: Record<string, string> = {}) {
  return new IpcFailure({ code, message: `technical ${code}`, params });
}

function renderCenter() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={client}>
        <UpdateCenter />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

async function openCheck(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByTestId("help-menu"));
  await user.click(await screen.findByTestId("menu-check-updates"));
}

describe("update dialog", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows the new version and its notes, downloads with progress, installs and offers to relaunch", async () => {
    let finish: () => void = () => undefined;
    setHandlers({
      updates_check: ({ automatic }) => (automatic ? { state: "skipped" } : available),
      updates_install: (args) => {
        const channel = args.onProgress as unknown as ProgressChannel;
        channel.onmessage({ stage: "downloading", downloaded: 4 * 1024 * 1024, total: 8 * 1024 * 1024 });
        return new Promise<string>((resolve) => {
          finish = () => {
            channel.onmessage({ stage: "verifying" });
            channel.onmessage({ stage: "installing" });
            resolve("0.2.0");
          };
        });
      },
      updates_relaunch: () => null,
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);

    expect(await screen.findByTestId("update-version")).toHaveTextContent("Versão 0.2.0 disponível (você usa a 0.1.0).");
    expect(screen.getByTestId("update-notes")).toHaveTextContent("Campanhas mais rápidas.");
    await user.click(screen.getByTestId("update-install"));

    const installing = await screen.findByTestId("update-installing");
    expect(installing).toHaveAttribute("data-stage", "downloading");
    expect(screen.getByText("4.0 de 8.0 MB")).toBeInTheDocument();
    expect(screen.getByTestId("update-progress").querySelector("[role=progressbar]")).toHaveAttribute("aria-valuenow", "50");
    // Never under a sending campaign unless asked: the first install does not pause.
    expect(calls.find((c) => c.name === "updates_install")?.args).toMatchObject({ pauseCampaigns: false });

    finish();
    expect(await screen.findByTestId("update-installed")).toHaveTextContent("Versão 0.2.0 instalada.");
    await user.click(screen.getByTestId("update-relaunch"));
    expect(calls.map((c) => c.name)).toContain("updates_relaunch");
  });

  it("while campaigns send, offers to wait or to pause them first, and pauses only when asked", async () => {
    const installs: boolean[] = [];
    setHandlers({
      updates_check: ({ automatic }) => (automatic ? { state: "skipped" } : available),
      updates_install: ({ pauseCampaigns }) => {
        installs.push(pauseCampaigns);
        if (!pauseCampaigns) throw fail("UPDATE_CAMPAIGNS_SENDING", { count: "2" });
        return "0.2.0";
      },
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);
    await user.click(await screen.findByTestId("update-install"));

    const sending = await screen.findByTestId("update-campaigns-sending");
    expect(sending).toHaveTextContent("2 campanhas estão enviando agora.");
    expect(screen.getByTestId("update-wait")).toBeInTheDocument();
    await user.click(screen.getByTestId("update-pause-install"));
    expect(await screen.findByTestId("update-installed")).toBeInTheDocument();
    expect(installs).toEqual([false, true]);
  });

  it("waiting installs as soon as no campaign is sending", async () => {
    let sending = [4];
    const installs: boolean[] = [];
    setHandlers({
      updates_check: ({ automatic }) => (automatic ? { state: "skipped" } : available),
      updates_status: () => ({ currentVersion: "0.1.0", route: { how: "download" }, lastCheck: null, campaignsSending: sending }),
      updates_install: ({ pauseCampaigns }) => {
        installs.push(pauseCampaigns);
        if (sending.length > 0) throw fail("UPDATE_CAMPAIGNS_SENDING", { count: "1" });
        return "0.2.0";
      },
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);
    await user.click(await screen.findByTestId("update-install"));
    await user.click(await screen.findByTestId("update-wait"));
    expect(await screen.findByTestId("update-waiting")).toBeInTheDocument();
    expect(installs).toEqual([false]);
    // The campaign finishes: its state event makes the wait look again, and install.
    sending = [];
    emitAppEvent({
      kind: "campaignState",
      campaignId: 4,
      status: "completed",
      pauseReason: null,
      counts: { total: 1, pending: 0, sent: 1, failed: 0, excluded: 0, unknown: 0 } as never,
      error: null,
    });
    expect(await screen.findByTestId("update-installed")).toBeInTheDocument();
    expect(installs).toEqual([false, false]);
  });

  it("a refused signature is explained and the app keeps working", async () => {
    setHandlers({
      updates_check: ({ automatic }) => (automatic ? { state: "skipped" } : available),
      updates_install: () => {
        throw fail("UPDATE_BAD_SIGNATURE");
      },
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);
    await user.click(await screen.findByTestId("update-install"));
    const failed = await screen.findByTestId("update-failed");
    expect(failed).toHaveTextContent("não tem uma assinatura válida do Whats TIP e foi recusada");
    expect(failed).toHaveTextContent("continua funcionando normalmente");
  });

  it("offline: a clear message, and trying again checks again", async () => {
    let online = false;
    setHandlers({
      updates_check: ({ automatic }) => {
        if (automatic) return { state: "skipped" };
        if (!online) throw fail("UPDATE_UNREACHABLE");
        return { state: "upToDate", currentVersion: "0.1.0" };
      },
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);
    expect(await screen.findByTestId("update-failed")).toHaveTextContent("Não foi possível falar com o servidor de atualizações.");
    online = true;
    await user.click(screen.getByTestId("update-retry"));
    expect(await screen.findByTestId("update-up-to-date")).toHaveTextContent("Você já usa a versão mais recente (0.1.0).");
  });

  it("a Flatpak copy is told how to update instead of getting a button that fails", async () => {
    setHandlers({
      updates_check: ({ automatic }) =>
        automatic ? { state: "skipped" } : { state: "manual", route: { how: "flatpak", appId: "br.com.whatstip.desktop" } },
    });
    const user = userEvent.setup();
    renderCenter();
    await openCheck(user);
    const manual = await screen.findByTestId("update-manual");
    expect(manual).toHaveTextContent("flatpak update br.com.whatstip.desktop");
    expect(screen.queryByTestId("update-install")).not.toBeInTheDocument();
  });

  it("the automatic check at start only shows a discreet notice when something is found", async () => {
    setHandlers({ updates_check: () => available });
    const user = userEvent.setup();
    renderCenter();
    expect(await screen.findByTestId("update-notice")).toBeInTheDocument();
    expect(screen.getByText("Versão 0.2.0 disponível")).toBeInTheDocument();
    expect(calls.filter((c) => c.name === "updates_check").map((c) => c.args)).toEqual([{ automatic: true }]);
    expect(screen.queryByTestId("update-dialog")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Ver" }));
    expect(await screen.findByTestId("update-version")).toHaveTextContent("0.2.0");
  });

  it("an automatic check that fails stays silent", async () => {
    setHandlers({
      updates_check: () => {
        throw fail("UPDATE_UNREACHABLE");
      },
    });
    renderCenter();
    await waitFor(() => expect(calls.some((c) => c.name === "updates_check")).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId("update-notice")).not.toBeInTheDocument();
    expect(screen.queryByTestId("error-alert")).not.toBeInTheDocument();
  });
});
