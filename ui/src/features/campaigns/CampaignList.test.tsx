import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { CampaignListQuery, CampaignSummary } from "../../ipc";
import { CampaignList } from "./CampaignList";
import { renderWithApp } from "./testRender";

function summary(id: number, over: Partial<CampaignSummary> = {}): CampaignSummary {
  return {
    id,
    name: `Campanha ${id}`,
    status: "completed",
    pauseReason: null,
    listName: "Clientes",
    tag: null,
    createdAt: "2026-12-01T12:00:00.000Z",
    scheduledAt: null,
    startedAt: "2026-12-01T12:05:00.000Z",
    finishedAt: "2026-12-01T14:00:00.000Z",
    instances: ["loja-1", "loja-2"],
    audience: 120,
    excluded: 20,
    waiting: 0,
    sent: 98,
    failed: 2,
    delivered: 90,
    read: 61,
    replied: 7,
    optedOut: 1,
    ...over,
  };
}

const queries = () => calls.filter((c) => c.name === "history_campaigns").map((c) => (c.args as { query: CampaignListQuery }).query);

describe("CampaignList", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows dates, numbers and the small funnel, pages by id and filters", async () => {
    const all = Array.from({ length: 45 }, (_, i) => summary(45 - i, i === 0 ? { name: "Natal", status: "paused", pauseReason: "windowClosed" } : {}));
    setHandlers({
      history_campaigns: ({ query }) => {
        let rows = all.filter((r) => (query.before === null ? true : r.id < query.before));
        if (query.search) rows = rows.filter((r) => r.name.toLowerCase().includes((query.search ?? "").toLowerCase()));
        if (query.statuses.length) rows = rows.filter((r) => query.statuses.includes(r.status));
        const page = rows.slice(0, query.limit);
        return { rows: page, next: page.length === query.limit ? (page.at(-1)?.id ?? null) : null };
      },
    });
    const onOpen = vi.fn();
    const onDuplicate = vi.fn();
    renderWithApp(<CampaignList onOpen={onOpen} onDuplicate={onDuplicate} />);
    expect(await screen.findByTestId("campaign-row-45")).toHaveTextContent("Natal");
    expect(screen.getByTestId("campaign-status-45")).toHaveTextContent("Pausada");
    expect(screen.getByTestId("campaign-counts-44")).toHaveTextContent("98/100");
    expect(screen.getByTestId("campaign-funnel-44")).toHaveTextContent("98→ 90→ 61→ 7");
    expect(screen.getByTestId("campaign-started-44")).toHaveTextContent("Iniciada");
    expect(screen.getByTestId("campaign-row-44")).toHaveTextContent("loja-2");
    // 30 per page, then the next page from the last id.
    expect(screen.queryByTestId("campaign-row-15")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("campaigns-more"));
    expect(await screen.findByTestId("campaign-row-15")).toBeInTheDocument();
    expect(queries().map((q) => q.before)).toEqual([null, 16]);
    await waitFor(() => expect(screen.queryByTestId("campaigns-more")).not.toBeInTheDocument());

    await userEvent.click(screen.getByTestId("campaign-row-44"));
    expect(onOpen).toHaveBeenCalledWith(expect.objectContaining({ id: 44 }));
    await userEvent.click(screen.getByTestId("campaign-menu-43"));
    await userEvent.click(await screen.findByTestId("campaign-duplicate-43"));
    expect(onDuplicate).toHaveBeenCalledWith(expect.objectContaining({ id: 43 }));
    expect(onOpen).toHaveBeenCalledTimes(1);

    await userEvent.type(screen.getByTestId("campaigns-search"), "nat");
    await waitFor(() => expect(queries().at(-1)).toMatchObject({ search: "nat", statuses: [], from: null, before: null }));
    expect(await screen.findByTestId("campaign-row-45")).toBeInTheDocument();
    expect(screen.queryByTestId("campaign-row-44")).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole("radio", { name: "30 dias" }));
    await waitFor(() => expect(queries().at(-1)?.from).not.toBeNull());
    const from = new Date(queries().at(-1)?.from ?? "").getTime();
    expect(Math.abs(Date.now() - 30 * 86_400_000 - from)).toBeLessThan(60_000);
  }, 30_000);

  it("says when nothing matches", async () => {
    setHandlers({ history_campaigns: () => ({ rows: [], next: null }) });
    renderWithApp(<CampaignList onOpen={() => {}} />);
    expect(await screen.findByTestId("campaigns-empty")).toHaveTextContent("Nenhuma campanha");
  });
});
