import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import type { ConsentEntry } from "../../ipc";
import { renderWithApp } from "../campaigns/testRender";
import { OptOutsPanel } from "./OptOutsPanel";

const entry = (id: number, phone: string, over: Partial<ConsentEntry>): ConsentEntry => ({
  id,
  phone,
  action: "opt_out",
  source: "reply",
  proof: null,
  campaign: null,
  at: "2026-12-05T12:00:00Z",
  ...over,
});

describe("OptOutsPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows why and when each number is on the list, and its changes newest first", async () => {
    setHandlers({
      optouts_list: () => [
        { phone: "+5511987650001", reason: "respondeu pedindo para sair", createdAt: "2026-12-05T12:00:00Z" },
        { phone: "+5511987650002", reason: "Pediu por telefone", createdAt: "2026-12-04T12:00:00Z" },
        { phone: "+5511987650003", reason: null, createdAt: "2026-11-01T12:00:00Z" },
      ],
      history_consent_proofs: () => [
        entry(9, "+5511987650001", { proof: "SAIR", campaign: "Natal" }),
        entry(5, "+5511987650002", { source: "user", proof: "Pediu por telefone" }),
      ],
      history_consent: () => [
        entry(9, "+5511987650001", { proof: "SAIR", campaign: "Natal", at: "2026-12-05T12:00:00Z" }),
        entry(8, "+5511987650001", { action: "opt_in", proof: "VOLTAR", campaign: "Natal", at: "2026-12-04T12:00:00Z" }),
        entry(7, "+5511987650001", { source: "review", proof: "não quero mais", at: "2026-12-03T12:00:00Z" }),
      ],
    });
    renderWithApp(<OptOutsPanel />);
    expect(await screen.findByTestId("optout-proof-+5511987650001")).toHaveTextContent("Respondeu “SAIR” (campanha Natal)");
    expect(screen.getByTestId("optout-proof-+5511987650002")).toHaveTextContent("Adicionado à mão: Pediu por telefone");
    expect(screen.getByTestId("optouts-table")).toHaveTextContent("Na lista desde antes de as provas serem guardadas.");

    await userEvent.click(screen.getByTestId("optout-history-+5511987650001"));
    const history = await screen.findByTestId("consent-history");
    const items = within(history).getAllByTestId(/^consent-/);
    expect(items.map((i) => i.getAttribute("data-testid"))).toEqual(["consent-9", "consent-8", "consent-7"]);
    expect(items[1]).toHaveTextContent("Respondeu “VOLTAR” e voltou a aceitar");
    expect(items[2]).toHaveTextContent("removido após a sua revisão");
    expect(calls.find((c) => c.name === "history_consent")?.args).toEqual({ phone: "+5511987650001" });
  });
});
