import { Notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { CampaignReport, RecipientQuery } from "../../ipc";
import { IpcFailure } from "../../ipc/invoke";
import { campaignView, recipient } from "../campaigns/testData";
import { renderWithApp } from "../campaigns/testRender";
import { RecipientsTable } from "../campaigns/detail/RecipientsTable";
import { ReportPanel } from "./ReportPanel";

function report(): CampaignReport {
  return {
    campaign: campaignView({ status: "completed", startedAt: "2026-12-01T12:00:00Z", finishedAt: "2026-12-01T15:00:00Z" }),
    funnel: { audience: 10, excluded: 2, submitted: 8, delivered: 6, read: 4, replied: 2, optedOut: 1, failed: 1, needsAttention: 0 },
    instances: [
      { name: "loja-1", sent: 5, failed: 0, delivered: 4, leftReason: null },
      { name: "loja-2", sent: 3, failed: 1, delivered: 2, leftReason: "refused" },
    ],
    repliesPerHour: [{ hour: "2026-12-01T14:00:00Z", replies: 3 }],
    undeliveredWeek: 0,
  };
}

function renderWithNotifications(ui: React.ReactNode) {
  return renderWithApp(
    <>
      <Notifications />
      {ui}
    </>,
  );
}

describe("History export and print", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("exports the report as Excel and says where it went", async () => {
    setHandlers({
      history_report: () => report(),
      history_replies: () => [],
      history_export: () => ({ path: "/home/ana/Promoção - relatório - 2026-12-05.xlsx", rows: 10 }),
    });
    renderWithNotifications(<ReportPanel campaignId={5} />);
    await userEvent.click(await screen.findByTestId("export-report-xlsx"));
    expect(await screen.findByText("10 linhas salvas em /home/ana/Promoção - relatório - 2026-12-05.xlsx")).toBeInTheDocument();
    expect(calls.find((c) => c.name === "history_export")?.args).toEqual({
      request: { campaignId: 5, table: "report", format: "xlsx", filter: null, search: null },
      title: "Salvar exportação",
    });
    expect(screen.getByTestId("export-report-csv")).toHaveTextContent("Exportar CSV");
    expect(screen.getByTestId("export-report-xlsx")).toHaveTextContent("Exportar Excel");
  });

  it("shows a failed export in the user's language, and nothing when the dialog is closed", async () => {
    await i18n.changeLanguage("en");
    let fail = true;
    setHandlers({
      history_report: () => report(),
      history_replies: () => [],
      history_export: () => {
        if (fail) throw new IpcFailure({ code: "HISTORY_EXPORT_WRITE_FAILED", message: "disk full", params: {} });
        return null;
      },
    });
    renderWithNotifications(<ReportPanel campaignId={5} />);
    await userEvent.click(await screen.findByTestId("export-replies-csv"));
    expect(await screen.findByText(/The file could not be saved/)).toBeInTheDocument();
    expect((calls.find((c) => c.name === "history_export")?.args as { request: { table: string } }).request.table).toBe("replies");
    fail = false;
    await userEvent.click(screen.getByTestId("export-report-csv"));
    await waitFor(() => expect(calls.filter((c) => c.name === "history_export")).toHaveLength(2));
    expect(screen.queryByText(/saved to/)).not.toBeInTheDocument();
  });

  it("exports the recipients with the table's filter and search", async () => {
    setHandlers({
      campaign_recipients: ({ query }: { query: RecipientQuery }) => ({ rows: query.filter === "all" ? [recipient(1)] : [], total: 1 }),
      history_export: () => ({ path: "/tmp/r.csv", rows: 1 }),
    });
    renderWithNotifications(<RecipientsTable campaignId={5} follow={false} />);
    await userEvent.click(await screen.findByTestId("recipients-filter-failed"));
    await userEvent.type(screen.getByTestId("recipients-search"), " 1199 ");
    await waitFor(() => {
      const last = calls.filter((c) => c.name === "campaign_recipients").at(-1)?.args as { query: RecipientQuery };
      expect(last.query.search).toBe("1199");
    });
    await userEvent.click(screen.getByTestId("export-recipients-csv"));
    expect(await screen.findByText("1 linha salva em /tmp/r.csv")).toBeInTheDocument();
    expect(calls.find((c) => c.name === "history_export")?.args).toEqual({
      request: { campaignId: 5, table: "recipients", format: "csv", filter: "failed", search: "1199" },
      title: "Salvar exportação",
    });
  });

  it("opens the one-page print view with dates, numbers, charts' figures and top errors, and prints", async () => {
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    setHandlers({
      history_report: () => report(),
      history_replies: () => [],
      history_top_errors: () => [
        { code: "not_on_whatsapp", count: 2 },
        { code: "some_future_code", count: 1 },
      ],
    });
    renderWithApp(<ReportPanel campaignId={5} />);
    await userEvent.click(await screen.findByTestId("report-print"));
    const page = await screen.findByTestId("print-report");
    expect(page).toHaveTextContent("Relatório da campanha “Promoção de dezembro”");
    expect(within(page).getByTestId("print-dates")).toHaveTextContent(/Início: .*Fim: /);
    expect(within(page).getByTestId("print-instances")).toHaveTextContent("Números usados: loja-1, loja-2");
    expect(within(page).getByTestId("funnel-delivered")).toHaveTextContent("Entregues6 (60%)");
    expect(within(page).getByTestId("report-hours-text")).toHaveTextContent(": 3");
    // Both charts come from @mantine/charts (recharts), sized by their container.
    await waitFor(() => expect(page.querySelectorAll(".recharts-responsive-container")).toHaveLength(2));
    await waitFor(() => expect(within(page).getByTestId("print-errors")).toHaveTextContent("O número não tem WhatsApp.2"));
    expect(within(page).getByTestId("print-errors")).toHaveTextContent("some_future_code1");
    expect(within(page).getByTestId("print-health")).toHaveTextContent("O WhatsApp recusou este número");
    expect(calls.find((c) => c.name === "history_top_errors")?.args).toEqual({ campaignId: 5 });

    await userEvent.click(screen.getByTestId("print-now"));
    expect(print).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByTestId("print-close"));
    await waitFor(() => expect(screen.queryByTestId("print-report")).not.toBeInTheDocument());
  });
});
