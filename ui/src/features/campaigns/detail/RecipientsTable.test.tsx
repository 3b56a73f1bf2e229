import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../../test/ipcMock";
import i18n from "../../../i18n";
import type { RecipientQuery } from "../../../ipc";
import { campaignView, recipient } from "../testData";
import { renderWithApp } from "../testRender";
import { RECIPIENT_ROW_HEIGHT, RecipientsTable } from "./RecipientsTable";

const HUNDRED_K = 100_000;

const shownRows = () => document.querySelectorAll("[data-testid^='recipient-row-']");

describe("RecipientsTable", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("keeps only a window of a 100k-row page in the DOM and follows the scroll", async () => {
    const rows = Array.from({ length: HUNDRED_K }, (_, i) => recipient(i + 1, { state: "sent", instance: i % 2 ? "loja-2" : "loja-1" }));
    setHandlers({
      campaign_get: () => campaignView(),
      // The whole 100k model in one page: the table must still draw only what is visible.
      campaign_recipients: ({ query }: { query: RecipientQuery }) => (query.after === null ? { rows, total: HUNDRED_K } : { rows: [], total: HUNDRED_K }),
    });
    renderWithApp(<RecipientsTable campaignId={5} follow={false} />);
    expect(await screen.findByTestId("recipient-row-1")).toBeInTheDocument();
    expect(screen.getByTestId("recipients-table")).toHaveAttribute("data-rows", String(HUNDRED_K));
    const first = shownRows().length;
    expect(first).toBeGreaterThan(5);
    expect(first).toBeLessThan(40);
    expect(screen.queryByTestId("recipient-row-500")).not.toBeInTheDocument();

    // Half-way down: rows around 50,000 replace the first ones; still only a window.
    const scroll = screen.getByTestId("recipients-scroll");
    Object.defineProperty(scroll, "scrollTop", { configurable: true, value: RECIPIENT_ROW_HEIGHT * 50_000 });
    fireEvent.scroll(scroll);
    expect(await screen.findByTestId("recipient-row-50001")).toBeInTheDocument();
    expect(screen.queryByTestId("recipient-row-1")).not.toBeInTheDocument();
    expect(shownRows().length).toBeLessThan(40);
  });

  it("filters by instance and by replied, and searches", async () => {
    const all = [
      recipient(1, { state: "sent", instance: "loja-1", repliedAt: "2026-12-01T12:30:00Z" }),
      recipient(2, { state: "sent", instance: "loja-2" }),
      recipient(3, { state: "sent", instance: "loja-1" }),
    ];
    const pick = (query: RecipientQuery, instance: string | null) => {
      let rows = all.filter((r) => instance === null || r.instance === instance);
      if (query.filter === "replied") rows = rows.filter((r) => r.repliedAt);
      if (query.search) rows = rows.filter((r) => r.phoneE164.includes(query.search ?? ""));
      return { rows, total: rows.length };
    };
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_recipients: ({ query }) => pick(query, null),
      history_recipients: ({ query, instance }) => pick(query, instance),
    });
    renderWithApp(<RecipientsTable campaignId={5} follow={false} />);
    expect(await screen.findByTestId("recipient-row-2")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("recipients-instance"));
    await userEvent.click(await screen.findByRole("option", { name: "loja-1" }));
    await waitFor(() => expect(screen.queryByTestId("recipient-row-2")).not.toBeInTheDocument());
    expect(screen.getByTestId("recipient-row-3")).toBeInTheDocument();
    const last = calls.filter((c) => c.name === "history_recipients").at(-1)?.args as { instance: string; campaignId: number };
    expect(last).toMatchObject({ campaignId: 5, instance: "loja-1" });

    await userEvent.click(screen.getByTestId("recipients-filter-replied"));
    await waitFor(() => expect(screen.queryByTestId("recipient-row-3")).not.toBeInTheDocument());
    expect(screen.getByTestId("recipient-row-1")).toBeInTheDocument();

    await userEvent.click(screen.getByTestId("recipients-filter-all"));
    await userEvent.type(screen.getByTestId("recipients-search"), "0003");
    await waitFor(() => expect(calls.filter((c) => c.name === "history_recipients").at(-1)?.args).toMatchObject({ query: { search: "0003", filter: "all" } }));
    expect(await screen.findByTestId("recipient-row-3")).toBeInTheDocument();
    expect(screen.queryByTestId("recipient-row-1")).not.toBeInTheDocument();
  });
});
