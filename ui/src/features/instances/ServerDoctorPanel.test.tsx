import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import en from "../../i18n/en.json";
import ptBR from "../../i18n/pt-BR.json";
import type { FindingId, QrView, ServerDiagnosis, ServerFinding, SettingNote } from "../../ipc";
import { calls, setHandlers } from "../../test/ipcMock";
import { ConnectModal } from "./ConnectModal";
import { noQrOverdue } from "./serverDoctor";
import { envLine, ServerDoctorPanel } from "./ServerDoctorPanel";

const FINDING_IDS: FindingId[] = [
  "licenceRequired",
  "serverTooOld",
  "serverOlderThanTested",
  "serverNewerThanTested",
  "serverVersionUnreadable",
  "pinnedWebVersion",
  "noQr",
  "instanceVanished",
  "stateUnknown",
];
const NOTES: SettingNote[] = ["phoneVersionPinned", "phoneVersionAutomatic", "phoneClient", "phoneName", "redisReachable", "delInstanceKeep"];

/** What the backend returns for an instance stuck without a QR on a 2.3 server. */
function noQrFinding(seconds: number): ServerFinding {
  return {
    id: "noQr",
    level: "failure",
    instance: "loja-1",
    params: { instance: "loja-1", seconds: String(seconds), webVersion: "2.3000.1027934701" },
    settings: [
      { variable: "CONFIG_SESSION_PHONE_VERSION", value: null, note: "phoneVersionAutomatic" },
      { variable: "CONFIG_SESSION_PHONE_CLIENT", value: "Evolution API", note: "phoneClient" },
      { variable: "CONFIG_SESSION_PHONE_NAME", value: "Chrome", note: "phoneName" },
      { variable: "CACHE_REDIS_ENABLED", value: "false", note: "redisReachable" },
      { variable: "DEL_INSTANCE", value: "false", note: "delInstanceKeep" },
    ],
  };
}

function wrap(children: React.ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return (
    <MantineProvider>
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    </MantineProvider>
  );
}

describe("ServerDoctorPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("every finding and note has its own text in both languages", () => {
    for (const tree of [en, ptBR]) {
      for (const id of FINDING_IDS) {
        expect(tree.doctor.findings[id].title.length, id).toBeGreaterThan(0);
        expect(tree.doctor.findings[id].body.length, id).toBeGreaterThan(0);
      }
      for (const note of NOTES) expect(tree.doctor.notes[note].length, note).toBeGreaterThan(0);
    }
  });

  it("explains a missing QR in pt-BR with every server variable as a copyable line", () => {
    const onRetry = vi.fn();
    render(wrap(<ServerDoctorPanel findings={[noQrFinding(61)]} onRetry={onRetry} />));
    const panel = screen.getByTestId("server-doctor");
    expect(panel).toHaveTextContent("Diagnóstico do servidor");
    expect(panel).toHaveTextContent("loja-1: nenhum QR code depois de 61 s");
    const lines = within(panel)
      .getAllByTestId("doctor-env-line")
      .map((el) => el.textContent);
    expect(lines).toEqual([
      "CONFIG_SESSION_PHONE_VERSION",
      "CONFIG_SESSION_PHONE_CLIENT=Evolution API",
      "CONFIG_SESSION_PHONE_NAME=Chrome",
      "CACHE_REDIS_ENABLED=false",
      "DEL_INSTANCE=false",
    ]);
    expect(screen.getByTestId("doctor-setting-CONFIG_SESSION_PHONE_VERSION")).toHaveTextContent("remova esta variável");
    expect(screen.getByTestId("doctor-setting-CACHE_REDIS_ENABLED")).toHaveTextContent("Redis");
    const [automatic, named] = noQrFinding(61).settings;
    expect(automatic && envLine(automatic)).toBe("# CONFIG_SESSION_PHONE_VERSION");
    expect(named && envLine(named)).toBe("CONFIG_SESSION_PHONE_CLIENT=Evolution API");
    act(() => screen.getByTestId("server-doctor-retry").click());
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it("speaks English when the app does, and shows nothing without findings", async () => {
    await i18n.changeLanguage("en");
    render(wrap(<ServerDoctorPanel findings={[]} />));
    expect(screen.queryByTestId("server-doctor")).not.toBeInTheDocument();
    render(wrap(<ServerDoctorPanel findings={[noQrFinding(75)]} />));
    expect(screen.getByTestId("server-doctor")).toHaveTextContent("loja-1: no QR code after 75 s");
    expect(screen.queryByTestId("server-doctor-retry")).not.toBeInTheDocument();
  });
});

describe("noQrOverdue", () => {
  it("fires only while connecting without any QR once the wait is over", () => {
    const base = { state: "connecting" as const, qrSeen: false, elapsedSecs: 60, thresholdSecs: 60 };
    expect(noQrOverdue(base)).toBe(true);
    expect(noQrOverdue({ ...base, elapsedSecs: 59 })).toBe(false);
    expect(noQrOverdue({ ...base, qrSeen: true })).toBe(false);
    expect(noQrOverdue({ ...base, state: "open" })).toBe(false);
    expect(noQrOverdue({ ...base, state: "close" })).toBe(false);
    expect(noQrOverdue({ ...base, state: undefined })).toBe(true);
  });
});

describe("ConnectModal and the server doctor", () => {
  const waiting: QrView = { state: "connecting", svg: null, qrId: null, count: 0, pairingCode: null };
  const server = (findings: ServerFinding[]): ServerDiagnosis => ({
    server: { version: "2.3.6", whatsappWebVersion: "2.3000.1027934701", licenceRequired: false },
    support: "tested",
    findings,
    noQrAfterSecs: 45,
  });

  beforeEach(async () => {
    // Only the fake clock moves: the dialog's seconds are exactly the ones ticked here.
    vi.useFakeTimers();
    await i18n.changeLanguage("pt-BR");
  });
  afterEach(() => vi.useRealTimers());

  async function tick(seconds: number) {
    for (let i = 0; i < seconds; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
    }
  }

  it("shows the doctor after the backend's wait when no QR ever came, and restarts on request", async () => {
    let view = waiting;
    setHandlers({
      instances_connect: () => view,
      instances_qr: () => view,
      instances_list: () => [],
      instances_restart: () => null,
      doctor_check: ({ input }) => server(input.instance ? [noQrFinding(input.instance.connectingSecs)] : []),
    });
    render(wrap(<ConnectModal name="loja-1" demo={false} onClose={() => {}} />));
    await tick(43);
    expect(screen.queryByTestId("server-doctor")).not.toBeInTheDocument();
    await tick(3);
    const panel = screen.getByTestId("server-doctor");
    const asked = calls.filter((c) => c.name === "doctor_check").map((c) => (c.args as { input: { instance: unknown } }).input.instance);
    expect(asked).toContainEqual({ name: "loja-1", connectingSecs: 45, qrSeen: false });
    expect(panel).toHaveTextContent("loja-1: nenhum QR code depois de 45 s");

    await act(async () => screen.getByTestId("server-doctor-retry").click());
    expect(calls.some((c) => c.name === "instances_restart")).toBe(true);
    await tick(1);
    expect(screen.queryByTestId("server-doctor")).not.toBeInTheDocument();

    // After the restart a QR arrives: the doctor never comes back.
    view = { ...waiting, svg: "<svg xmlns='http://www.w3.org/2000/svg'/>", qrId: "q1", count: 1 };
    await tick(60);
    expect(screen.queryByTestId("server-doctor")).not.toBeInTheDocument();
    expect(screen.getByTestId("qr-image")).toBeInTheDocument();
  });
});
