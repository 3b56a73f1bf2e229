import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../../test/ipcMock";
import i18n from "../../../i18n";
import type { CampaignView, RecipientQuery } from "../../../ipc";
import { campaignView, counts, recipient } from "../testData";
import { renderWithApp } from "../testRender";
import { CampaignDetail } from "./CampaignDetail";

function renderDetail() {
  return renderWithApp(<CampaignDetail campaignId={5} onPreflight={() => {}} onDeleted={() => {}} />);
}

const noRecipients = () => ({ rows: [], total: 0 });

describe("CampaignDetail", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("follows campaignProgress events: counts, per-instance state and the finish estimate", async () => {
    let saved = campaignView({ status: "running", startedAt: "2026-12-01T12:00:00Z" });
    setHandlers({ campaign_get: () => saved, campaign_recipients: noRecipients });
    renderDetail();
    expect(await screen.findByTestId("progress-sent")).toHaveTextContent("0");

    emitAppEvent({
      kind: "campaignProgress",
      campaignId: 5,
      counts: counts({ pending: 5, sent: 3, failed: 1, inFlight: 1 }),
      instances: [
        { name: "loja-1", sent: 2, failed: 1, state: "waiting", nextAt: "2026-12-01T12:05:30Z" },
        { name: "loja-2", sent: 1, failed: 0, state: "capReached", nextAt: null },
      ],
      estimatedFinish: "2026-12-01T15:00:00Z",
    });
    await waitFor(() => expect(screen.getByTestId("progress-sent")).toHaveTextContent("3"));
    expect(screen.getByTestId("progress-failed")).toHaveTextContent("1");
    expect(screen.getByTestId("progress-pending")).toHaveTextContent("5");
    expect(screen.getByTestId("progress-in-flight")).toHaveTextContent("1");
    expect(screen.getByTestId("progress-summary")).toHaveTextContent("3 de 10 enviadas");
    expect(screen.getByTestId("progress-eta")).toHaveTextContent(new Date("2026-12-01T15:00:00Z").toLocaleString("pt-BR", { dateStyle: "short", timeStyle: "short" }));
    const row1 = screen.getByTestId("instance-row-loja-1");
    expect(row1).toHaveTextContent("Aguardando o intervalo");
    expect(row1).toHaveTextContent("2");
    expect(screen.getByTestId("instance-row-loja-2")).toHaveTextContent("Limite de hoje atingido");

    // The engine pauses itself at the window's end: the banner says when it continues.
    saved = campaignView({ status: "paused", pauseReason: "windowClosed", resumeAt: "2026-12-02T12:00:00Z", counts: counts({ pending: 5, sent: 4, failed: 1 }) });
    emitAppEvent({ kind: "campaignState", campaignId: 5, status: "paused", pauseReason: "windowClosed", counts: counts({ pending: 5, sent: 4, failed: 1 }), error: null });
    await waitFor(() => expect(screen.getByTestId("pause-banner")).toHaveAttribute("data-reason", "windowClosed"));
    expect(screen.getByTestId("campaign-status")).toHaveTextContent("Pausada: fora do horário");
    await waitFor(() =>
      expect(screen.getByTestId("pause-banner")).toHaveTextContent(new Date("2026-12-02T12:00:00Z").toLocaleString("pt-BR", { dateStyle: "short", timeStyle: "short" })),
    );
  });

  it("pauses and resumes through the backend", async () => {
    let saved: CampaignView = campaignView({ status: "running" });
    setHandlers({
      campaign_get: () => saved,
      campaign_recipients: noRecipients,
      campaign_pause: () => {
        saved = campaignView({ status: "paused", pauseReason: "user" });
        return saved;
      },
      campaign_resume: () => {
        saved = campaignView({ status: "running" });
        return saved;
      },
    });
    renderDetail();
    await userEvent.click(await screen.findByTestId("campaign-pause"));
    await waitFor(() => expect(screen.getByTestId("campaign-detail")).toHaveAttribute("data-status", "paused"));
    expect(calls.find((c) => c.name === "campaign_pause")?.args).toEqual({ campaignId: 5 });
    expect(screen.getByTestId("pause-banner")).toHaveAttribute("data-reason", "user");

    await userEvent.click(screen.getByTestId("campaign-resume"));
    await waitFor(() => expect(screen.getByTestId("campaign-detail")).toHaveAttribute("data-status", "running"));
    expect(calls.find((c) => c.name === "campaign_resume")?.args).toEqual({ campaignId: 5 });
  });

  it("cancels only after the user confirms", async () => {
    setHandlers({
      campaign_get: () => campaignView({ status: "running" }),
      campaign_recipients: noRecipients,
      campaign_cancel: () => campaignView({ status: "cancelled" }),
    });
    renderDetail();
    await userEvent.click(await screen.findByTestId("campaign-cancel"));
    expect(calls.some((c) => c.name === "campaign_cancel")).toBe(false);
    await userEvent.click(await screen.findByTestId("confirm-action"));
    await waitFor(() => expect(calls.find((c) => c.name === "campaign_cancel")?.args).toEqual({ campaignId: 5 }));
  });

  it("offers to start a campaign whose schedule was missed", async () => {
    setHandlers({
      campaign_get: () => campaignView({ status: "paused", pauseReason: "missedSchedule", scheduledAt: "2026-12-01T09:00:00Z" }),
      campaign_recipients: noRecipients,
      campaign_resume: () => campaignView({ status: "running" }),
    });
    renderDetail();
    await userEvent.click(await screen.findByTestId("banner-start-now"));
    await waitFor(() => expect(calls.find((c) => c.name === "campaign_resume")?.args).toEqual({ campaignId: 5 }));
  });

  it("resolves the selected needs-attention rows with the chosen action", async () => {
    const attention = [
      recipient(4, { state: "unknown", needsAttention: true, instance: "loja-1", errorCode: "whatsapp_timed_out", intentAt: "2026-12-01T12:01:00Z" }),
      recipient(7, { state: "unknown", needsAttention: true, instance: "loja-2", errorCode: "timeout", intentAt: "2026-12-01T12:02:00Z" }),
      recipient(9, { state: "unknown", needsAttention: true, instance: "loja-1", errorCode: "interrupted", intentAt: "2026-12-01T12:03:00Z" }),
    ];
    setHandlers({
      campaign_get: () => campaignView({ status: "paused", pauseReason: "needsAttention", counts: counts({ pending: 0, sent: 7, unknown: 3, needsAttention: 3 }) }),
      campaign_recipients: ({ query }: { query: RecipientQuery }) =>
        query.filter === "needsAttention" ? { rows: attention, total: 3 } : { rows: [], total: 0 },
      campaign_resolve: () => campaignView({ status: "paused", pauseReason: "needsAttention" }),
    });
    renderDetail();
    const panel = await screen.findByTestId("attention-panel");
    expect(within(panel).getByTestId("attention-row-4")).toHaveTextContent("O WhatsApp não respondeu a tempo.");
    expect(screen.getByTestId("attention-resend")).toBeDisabled();
    await userEvent.click(screen.getByTestId("attention-select-4"));
    await userEvent.click(screen.getByTestId("attention-select-9"));
    await userEvent.click(screen.getByTestId("attention-mark-sent"));
    await waitFor(() =>
      expect(calls.find((c) => c.name === "campaign_resolve")?.args).toEqual({ campaignId: 5, positions: [4, 9], choice: "markSent" }),
    );

    await userEvent.click(screen.getByTestId("attention-select-all"));
    await userEvent.click(screen.getByTestId("attention-resend"));
    await waitFor(() =>
      expect(calls.filter((c) => c.name === "campaign_resolve")[1]?.args).toEqual({ campaignId: 5, positions: [4, 7, 9], choice: "resend" }),
    );
  });

  it("pages recipients by position and translates their error codes", async () => {
    const page1 = Array.from({ length: 50 }, (_, i) => recipient(i + 1, { state: "sent", sentAt: "2026-12-01T12:00:00Z", instance: "loja-1" }));
    const page2 = [recipient(51, { state: "failed", errorCode: "not_on_whatsapp" })];
    setHandlers({
      campaign_get: () => campaignView({ status: "completed", counts: counts({ total: 51, pending: 0, sent: 50, failed: 1 }) }),
      campaign_recipients: ({ query }: { query: RecipientQuery }) => {
        if (query.filter === "needsAttention") return { rows: [], total: 0 };
        return { rows: query.after === null ? page1 : page2, total: 51 };
      },
    });
    renderDetail();
    expect(await screen.findByTestId("recipient-row-1")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId("recipients-table")).toHaveAttribute("data-rows", "50"));
    await userEvent.click(screen.getByTestId("recipients-more"));
    await waitFor(() => expect(screen.getByTestId("recipients-table")).toHaveAttribute("data-rows", "51"));
    // The table draws only the rows in view: scroll to the end to see the last one.
    const scroll = screen.getByTestId("recipients-scroll");
    Object.defineProperty(scroll, "scrollTop", { configurable: true, value: 100 * 51 });
    fireEvent.scroll(scroll);
    expect(await screen.findByTestId("recipient-error-51")).toHaveTextContent("O número não tem WhatsApp.");
    const pages = calls.filter((c) => c.name === "campaign_recipients" && (c.args as { query: RecipientQuery }).query.filter === "all");
    expect(pages.map((c) => (c.args as { query: RecipientQuery }).query.after)).toEqual([null, 50]);

    await userEvent.click(screen.getByTestId("recipients-filter-failed"));
    await waitFor(() =>
      expect(calls.some((c) => c.name === "campaign_recipients" && (c.args as { query: RecipientQuery }).query.filter === "failed")).toBe(true),
    );
  }, 30_000);
});
