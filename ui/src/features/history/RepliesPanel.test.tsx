import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { ReplyQuery, ReplyView } from "../../ipc";
import { renderWithApp } from "../campaigns/testRender";
import { RepliesPanel } from "./RepliesPanel";
import { REPLY_PAGE } from "./useReplies";

function reply(id: number, over: Partial<ReplyView> = {}): ReplyView {
  return {
    id,
    instance: "loja-1",
    phone: `+55119876${String(id).padStart(5, "0")}`,
    pushName: null,
    text: `Resposta ${id}`,
    receivedAt: "2026-12-05T12:00:00Z",
    campaignId: 3,
    campaignName: "Natal",
    position: id,
    intent: "none",
    reviewed: null,
    ...over,
  };
}

const queries = () => calls.filter((c) => c.name === "history_replies").map((c) => (c.args as { query: ReplyQuery }).query);

describe("RepliesPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("lists replies across campaigns newest first, pages by id, filters and reviews", async () => {
    const all = Array.from({ length: 70 }, (_, i) => {
      const id = 70 - i;
      if (id === 70) return reply(id, { text: "não vou sair de casa hoje", intent: "review", pushName: "Ana" });
      if (id === 69) return reply(id, { text: "SAIR", intent: "opt_out", campaignName: null, campaignId: null });
      return reply(id);
    });
    let decided = false;
    setHandlers({
      history_replies: ({ query }) => {
        let rows = all.filter((r) => query.before === null || r.id < query.before);
        if (query.reviewOnly) rows = rows.filter((r) => r.intent === "review" && !decided);
        if (query.optedOutOnly) rows = rows.filter((r) => r.intent === "opt_out" || (decided && r.intent === "review"));
        return rows.slice(0, query.limit).map((r) => (decided && r.intent === "review" ? { ...r, reviewed: "opted_out" } : r));
      },
      history_resolve_review: () => {
        decided = true;
        return true;
      },
    });
    renderWithApp(<RepliesPanel />);
    expect(await screen.findByTestId("reply-70")).toHaveTextContent("Ana · +5511987600070");
    expect(screen.getByTestId("reply-70")).toHaveTextContent("campanha Natal");
    expect(screen.getByTestId("reply-intent-70")).toHaveTextContent("Para revisar");
    expect(screen.getByTestId("reply-69")).toHaveTextContent("não é resposta a uma campanha");
    expect(screen.getByTestId("reply-intent-69")).toHaveTextContent("Pediu para sair");
    expect(screen.queryByTestId(`reply-${70 - REPLY_PAGE}`)).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId("replies-more"));
    expect(await screen.findByTestId("reply-1")).toBeInTheDocument();
    expect(queries().map((q) => q.before)).toEqual([null, 70 - REPLY_PAGE + 1]);
    await waitFor(() => expect(screen.queryByTestId("replies-more")).not.toBeInTheDocument());

    await userEvent.click(screen.getByRole("radio", { name: "Para revisar" }));
    await waitFor(() => expect(screen.queryByTestId("reply-69")).not.toBeInTheDocument());
    expect(queries().at(-1)).toMatchObject({ reviewOnly: true, optedOutOnly: false, campaignId: null });
    await userEvent.click(screen.getByTestId("reply-remove-70"));
    expect(calls.find((c) => c.name === "history_resolve_review")?.args).toEqual({ replyId: 70, optOut: true });
    expect(await screen.findByTestId("replies-empty")).toHaveTextContent("Nenhuma resposta esperando revisão");

    await userEvent.click(screen.getByRole("radio", { name: "Pediram para sair" }));
    expect(await screen.findByTestId("reply-intent-70")).toHaveTextContent("Removido das listas");
    expect(screen.getByTestId("reply-69")).toBeInTheDocument();
    expect(screen.queryByTestId("reply-68")).not.toBeInTheDocument();
  }, 30_000);
});
