import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { RecipientQuery } from "../../ipc";
import { recipient } from "../campaigns/testData";
import { renderWithApp } from "../campaigns/testRender";
import { RecipientsTable } from "../campaigns/detail/RecipientsTable";

describe("RecipientsTable with history", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("filters by receipt, shows how far each message got and opens a number's timeline", async () => {
    const all = [
      recipient(1, { state: "sent", receipt: "read", deliveredAt: "2026-12-01T12:01:00Z", readAt: "2026-12-01T12:05:00Z" }),
      recipient(2, { state: "sent", receipt: "delivery_ack", deliveredAt: "2026-12-01T12:02:00Z", repliedAt: "2026-12-01T12:30:00Z" }),
      recipient(3, { state: "sent", receipt: "server_ack" }),
    ];
    setHandlers({
      campaign_recipients: ({ query }: { query: RecipientQuery }) => {
        const rows = query.filter === "read" ? all.filter((r) => r.readAt) : all;
        return { rows, total: rows.length };
      },
      history_timeline: () => [
        { at: "2026-12-01T12:00:00Z", kind: "sent", campaign: "Promoção de dezembro", detail: null },
        { at: "2026-12-01T12:30:00Z", kind: "replied", campaign: "Promoção de dezembro", detail: "Quero saber o preço" },
      ],
    });
    renderWithApp(<RecipientsTable campaignId={5} follow={false} />);
    expect(await screen.findByTestId("recipient-receipt-1")).toHaveTextContent("lida");
    expect(screen.getByTestId("recipient-receipt-2")).toHaveTextContent("respondeu");
    expect(screen.queryByTestId("recipient-receipt-3")).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("recipients-filter-read"));
    await waitFor(() => expect(screen.queryByTestId("recipient-row-2")).not.toBeInTheDocument());
    expect(screen.getByTestId("recipients-filter-read")).toHaveTextContent("Lidas");
    const queries = calls.filter((c) => c.name === "campaign_recipients").map((c) => (c.args as { query: RecipientQuery }).query.filter);
    expect(queries).toContain("read");

    await userEvent.click(screen.getByTestId("recipient-timeline-1"));
    const timeline = await screen.findByTestId("timeline");
    expect(within(timeline).getByTestId("timeline-replied")).toHaveTextContent("Quero saber o preço");
    expect(within(timeline).getByTestId("timeline-sent")).toHaveTextContent("Mensagem enviada");
    expect(calls.find((c) => c.name === "history_timeline")?.args).toEqual({ phone: all[0]?.phoneE164 });
  });
});
