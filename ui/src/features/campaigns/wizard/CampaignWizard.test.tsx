import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../../test/ipcMock";
import i18n from "../../../i18n";
import type { CampaignDraft, InstanceView, TemplateView } from "../../../ipc";
import { campaignView } from "../testData";
import { renderWithApp } from "../testRender";
import { CampaignWizard } from "./CampaignWizard";

const template: TemplateView = {
  id: 9,
  name: "Boas-vindas",
  body: "Oi {{nome}}, {tudo bem|como vai}?",
  media: null,
  variants: 2,
  fields: ["nome"],
  createdAt: "2026-11-01T10:00:00Z",
  updatedAt: "2026-11-01T10:00:00Z",
};

function instance(name: string, state: InstanceView["state"]): InstanceView {
  return { name, state, number: null, profileName: null, profilePicUrl: null, disconnectionCode: null, live: false };
}

async function pick(testId: string, option: string) {
  await userEvent.click(screen.getByTestId(testId));
  await userEvent.click(await screen.findByRole("option", { name: option }));
}

describe("CampaignWizard", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
    setHandlers({
      lists_list: () => [{ id: 3, name: "Clientes", contactCount: 10, createdAt: "2026-11-01T10:00:00Z" }],
      tags_list: () => ["vip"],
      templates_list: () => [template],
      personalise_runs: () => [],
      instances_list: () => [instance("loja-1", "open"), instance("loja-2", "close")],
      campaign_create: () => campaignView(),
    });
  });

  it("walks the steps and creates the draft the user filled in", async () => {
    const onCreated = vi.fn();
    renderWithApp(<CampaignWizard onCreated={onCreated} />);

    // Nothing chosen yet: "Continuar" says what is missing and stays on the step.
    await userEvent.click(screen.getByTestId("wizard-next"));
    expect(screen.getByTestId("wizard-problem")).toHaveAttribute("data-problem", "name");

    fireEvent.change(screen.getByTestId("wizard-name"), { target: { value: "Natal" } });
    await pick("wizard-list", "Clientes (10 contatos)");
    await pick("wizard-tag", "vip");
    await userEvent.click(screen.getByTestId("wizard-next"));

    await pick("wizard-template", "Boas-vindas");
    expect(screen.getByTestId("wizard-message-preview")).toHaveTextContent("Oi {{nome}}, {tudo bem|como vai}?");
    await userEvent.click(screen.getByTestId("wizard-next"));

    await userEvent.click(await screen.findByTestId("wizard-instance-loja-2"));
    // A chosen number that is not connected is flagged, not refused.
    expect(screen.getByTestId("wizard-instances-offline")).toHaveTextContent("loja-2");
    await userEvent.click(screen.getByTestId("wizard-instance-loja-1"));
    await userEvent.click(screen.getByTestId("wizard-next"));

    // Only the three presets are offered.
    expect(screen.queryByTestId("wizard-preset-unpaced")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("wizard-preset-safe"));
    fireEvent.change(screen.getByTestId("wizard-daily-cap"), { target: { value: "150" } });
    await userEvent.click(screen.getByTestId("wizard-day-sat"));
    await userEvent.click(screen.getByTestId("wizard-next"));

    await userEvent.click(screen.getByTestId("wizard-create"));
    await waitFor(() => expect(onCreated).toHaveBeenCalled());

    const create = calls.filter((c) => c.name === "campaign_create");
    expect(create).toHaveLength(1);
    const expected: CampaignDraft = {
      name: "Natal",
      listId: 3,
      tag: "vip",
      source: { kind: "template", templateId: 9 },
      instances: ["loja-2", "loja-1"],
      pacing: {
        preset: "safe",
        dailyCap: 150,
        window: { start: "09:00", end: "20:00", timeZone: "America/Sao_Paulo", days: ["mon", "tue", "wed", "thu", "fri"] },
        typing: true,
      },
    };
    expect(create[0]?.args).toEqual({ draft: expected });
    expect(onCreated.mock.calls[0]?.[1]).toEqual({ kind: "now" });
  }, 30_000);

  it("offers only the approved personalisation runs of the chosen list", async () => {
    setHandlers({
      lists_list: () => [{ id: 3, name: "Clientes", contactCount: 10, createdAt: "2026-11-01T10:00:00Z" }],
      tags_list: () => [],
      templates_list: () => [template],
      personalise_runs: () => [
        { id: 1, templateId: 9, listId: 3, body: "A", model: "m", status: "approved", counts: { total: 10, pending: 0, done: 10, failed: 0, edited: 0, inputTokens: 0, outputTokens: 0 }, createdAt: "2026-11-02T10:00:00Z", approvedAt: "2026-11-02T11:00:00Z" },
        { id: 2, templateId: 9, listId: 3, body: "B", model: "m", status: "completed", counts: { total: 10, pending: 0, done: 10, failed: 0, edited: 0, inputTokens: 0, outputTokens: 0 }, createdAt: "2026-11-02T10:00:00Z", approvedAt: null },
        { id: 3, templateId: 9, listId: 4, body: "C", model: "m", status: "approved", counts: { total: 5, pending: 0, done: 5, failed: 0, edited: 0, inputTokens: 0, outputTokens: 0 }, createdAt: "2026-11-02T10:00:00Z", approvedAt: "2026-11-02T11:00:00Z" },
      ],
      instances_list: () => [],
    });
    renderWithApp(<CampaignWizard onCreated={() => {}} />);
    fireEvent.change(screen.getByTestId("wizard-name"), { target: { value: "Natal" } });
    await pick("wizard-list", "Clientes (10 contatos)");
    await userEvent.click(screen.getByTestId("wizard-next"));
    await userEvent.click(screen.getByText("Personalização aprovada"));
    await userEvent.click(await screen.findByTestId("wizard-run"));
    const options = await screen.findAllByRole("option");
    expect(options).toHaveLength(1);
    expect(options[0]).toHaveTextContent("10 mensagens");
  }, 30_000);
});
