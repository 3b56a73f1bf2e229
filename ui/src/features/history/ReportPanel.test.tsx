import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { CampaignReport, ReplyView } from "../../ipc";
import { campaignView } from "../campaigns/testData";
import { renderWithApp } from "../campaigns/testRender";
import { ReportPanel } from "./ReportPanel";

function report(overrides: Partial<CampaignReport> = {}): CampaignReport {
  return {
    campaign: campaignView({ status: "completed" }),
    funnel: { audience: 10, excluded: 2, submitted: 8, delivered: 6, read: 4, replied: 2, optedOut: 1, failed: 0, needsAttention: 0 },
    instances: [
      { name: "loja-1", sent: 5, failed: 0, delivered: 4, leftReason: null },
      { name: "loja-2", sent: 3, failed: 1, delivered: 2, leftReason: "refused" },
    ],
    repliesPerHour: [
      { hour: "2026-12-01T13:00:00Z", replies: 1 },
      { hour: "2026-12-01T14:00:00Z", replies: 3 },
    ],
    undeliveredWeek: 0,
    ...overrides,
  };
}

function reply(id: number, overrides: Partial<ReplyView> = {}): ReplyView {
  return {
    id, instance: "loja-1", phone: "5511999990001", pushName: "Ana", text: "não quero mais", receivedAt: "2026-12-01T14:10:00Z",
    campaignId: 5, position: 1, intent: "review", reviewed: null, ...overrides,
  };
}

describe("ReportPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows the funnel against the audience, each number's health and the replies per hour", async () => {
    setHandlers({ history_report: () => report({ undeliveredWeek: 3 }), history_replies: () => [] });
    renderWithApp(<ReportPanel campaignId={5} />);
    expect(await screen.findByTestId("funnel-delivered")).toHaveTextContent("Entregues6 (60%)");
    expect(screen.getByTestId("funnel-audience")).toHaveTextContent("Público10");
    expect(screen.getByTestId("funnel-optedOut")).toHaveTextContent("Pediram para sair1 (10%)");
    expect(screen.getByTestId("report-instance-loja-1")).toHaveTextContent("Enviando normalmente");
    expect(screen.getByTestId("report-instance-loja-2")).toHaveTextContent("WhatsApp recusou este número");
    expect(screen.getByTestId("report-hours")).toHaveTextContent("3");
    expect(screen.getByTestId("report-undelivered-week")).toHaveTextContent("3 mensagens enviadas há mais de 7 dias");
    expect(screen.getByTestId("review-list")).toHaveTextContent("Nenhuma resposta esperando revisão.");
    expect(calls.find((c) => c.name === "history_replies")?.args).toEqual({ query: { campaignId: 5, reviewOnly: true, before: null, limit: 50 } });
  });

  it("resolves a possible opt-out and reloads on historyChanged", async () => {
    let waiting = [reply(7), reply(8, { phone: "5511999990002", pushName: null, text: "para" })];
    let funnel = report().funnel;
    setHandlers({
      history_report: () => report({ funnel }),
      history_replies: () => waiting,
      history_resolve_review: ({ replyId }) => {
        waiting = waiting.filter((r) => r.id !== replyId);
        return true;
      },
    });
    renderWithApp(<ReportPanel campaignId={5} />);
    expect(await screen.findByTestId("review-7")).toHaveTextContent("Ana · 5511999990001");
    expect(screen.getByTestId("review-list")).toHaveTextContent("2 respostas para revisar");

    await userEvent.click(screen.getByTestId("review-remove-7"));
    await waitFor(() => expect(screen.queryByTestId("review-7")).not.toBeInTheDocument());
    expect(calls.find((c) => c.name === "history_resolve_review")?.args).toEqual({ replyId: 7, optOut: true });
    expect(screen.getByTestId("review-list")).toHaveTextContent("1 resposta para revisar");

    await userEvent.click(screen.getByTestId("review-keep-8"));
    await waitFor(() => expect(screen.queryByTestId("review-8")).not.toBeInTheDocument());
    expect(calls.filter((c) => c.name === "history_resolve_review").at(-1)?.args).toEqual({ replyId: 8, optOut: false });

    // A receipt arrives from the server: the report reloads.
    funnel = { ...funnel, read: 5 };
    emitAppEvent({ kind: "historyChanged", campaignId: 5, consentChanged: false });
    await waitFor(() => expect(screen.getByTestId("funnel-read")).toHaveTextContent("Lidas5 (50%)"));
  });

  it("speaks English too", async () => {
    await i18n.changeLanguage("en");
    setHandlers({ history_report: () => report(), history_replies: () => [reply(7)] });
    renderWithApp(<ReportPanel campaignId={5} />);
    expect(await screen.findByTestId("review-remove-7")).toHaveTextContent("Remove from the list");
    expect(screen.getByTestId("funnel-replied")).toHaveTextContent("Replied2 (20%)");
  });
});
