import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../../test/ipcMock";
import i18n from "../../../i18n";
import { campaignView, preflightReport } from "../testData";
import { renderWithApp } from "../testRender";
import { PreflightPanel } from "./PreflightPanel";

describe("PreflightPanel", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows the recipients by verdict and the risks in plain language", async () => {
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_preflight: () =>
        preflightReport({
          risks: [
            { kind: "newInstance", instance: "loja-2", days: 2 },
            { kind: "aboveCap", needed: 700, capToday: 40 },
            { kind: "noOptOutLine" },
          ],
        }),
    });
    renderWithApp(<PreflightPanel campaignId={5} initialSchedule={{ kind: "now" }} onStarted={() => {}} onDeleted={() => {}} />);
    expect(await screen.findByTestId("preflight-count-unchecked")).toHaveTextContent("7");
    expect(screen.getByTestId("preflight-count-ready")).toHaveTextContent("0");
    expect(screen.getByTestId("preflight-count-invalid")).toHaveTextContent("1");
    expect(screen.getByTestId("preflight-count-duplicate")).toHaveTextContent("1");
    expect(screen.getByTestId("preflight-count-optedOut")).toHaveTextContent("1");
    expect(screen.getByTestId("preflight-count-notOnWhatsapp")).toHaveTextContent("0");
    expect(screen.getByTestId("preflight-risk-newInstance")).toHaveTextContent("O número loja-2 foi conectado há 2 dia(s)");
    expect(screen.getByTestId("preflight-risk-aboveCap")).toHaveTextContent("precisa de 700 envios");
    expect(screen.getByTestId("preflight-risk-aboveCap")).toHaveTextContent("podem enviar 40 hoje");
    expect(screen.getByTestId("preflight-risk-noOptOutLine")).toHaveTextContent("como deixar de receber");
    expect(screen.getByTestId("preflight-days")).toHaveTextContent("2 dias");
    expect(screen.getByTestId("preflight-sample")).toHaveTextContent("Oi Ana!");
    expect(screen.getByTestId("preflight-start")).toHaveTextContent("Iniciar envio para 7 contatos");
  });

  it("checks numbers and follows their progress from the events", async () => {
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_preflight: () => preflightReport(),
      campaign_check_numbers: () => preflightReport({ numberCheck: { checked: 0, total: 7, running: true } }),
    });
    renderWithApp(<PreflightPanel campaignId={5} initialSchedule={{ kind: "now" }} onStarted={() => {}} onDeleted={() => {}} />);
    await userEvent.click(await screen.findByTestId("preflight-check-numbers"));
    expect(calls.find((c) => c.name === "campaign_check_numbers")?.args).toEqual({ campaignId: 5 });
    emitAppEvent({ kind: "numberCheckProgress", campaignId: 5, progress: { checked: 3, total: 7, running: true } });
    await waitFor(() => expect(screen.getByTestId("preflight-check-counts")).toHaveTextContent("3 de 7 números verificados"));
    expect(screen.getByTestId("preflight-check-numbers")).toBeDisabled();
  });

  it("test-sends to the user's number through the chosen instance and reports where it went", async () => {
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_preflight: () => preflightReport(),
      campaign_test_send: ({ number, instance }) => ({ instance: instance ?? "", to: `55${number.replace(/\D/g, "")}`, messageId: "ABC", text: "Oi Ana!" }),
    });
    renderWithApp(<PreflightPanel campaignId={5} initialSchedule={{ kind: "now" }} onStarted={() => {}} onDeleted={() => {}} />);
    fireEvent.change(await screen.findByTestId("test-send-number"), { target: { value: "(11) 98765-4321" } });
    await userEvent.click(screen.getByTestId("test-send-instance"));
    await userEvent.click(await screen.findByRole("option", { name: "loja-2" }));
    await userEvent.click(screen.getByTestId("test-send-button"));
    expect(await screen.findByTestId("test-send-result")).toHaveTextContent("+5511987654321");
    expect(calls.find((c) => c.name === "campaign_test_send")?.args).toEqual({ campaignId: 5, number: "(11) 98765-4321", instance: "loja-2" });
  });

  it("shows a refused test send in plain language", async () => {
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_preflight: () => preflightReport(),
      campaign_test_send: () => {
        throw { code: "CAMPAIGN_INVALID_TEST_NUMBER", message: "the test number is not a valid phone number: 123", params: {} };
      },
    });
    renderWithApp(<PreflightPanel campaignId={5} initialSchedule={{ kind: "now" }} onStarted={() => {}} onDeleted={() => {}} />);
    fireEvent.change(await screen.findByTestId("test-send-number"), { target: { value: "123" } });
    await userEvent.click(screen.getByTestId("test-send-button"));
    const alert = await screen.findByTestId("error-alert");
    expect(alert).toHaveAttribute("data-code", "CAMPAIGN_INVALID_TEST_NUMBER");
    expect(alert).toHaveTextContent("não parece um celular válido");
  });

  it("starts at the scheduled time, in UTC", async () => {
    const onStarted = vi.fn();
    setHandlers({
      campaign_get: () => campaignView(),
      campaign_preflight: () => preflightReport(),
      campaign_start: ({ input }) => campaignView({ status: "scheduled", scheduledAt: input.at }),
    });
    const local = "2099-12-05T14:30";
    renderWithApp(<PreflightPanel campaignId={5} initialSchedule={{ kind: "at", local }} onStarted={onStarted} onDeleted={() => {}} />);
    await userEvent.click(await screen.findByTestId("preflight-start"));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    const at = new Date(2099, 11, 5, 14, 30).toISOString().replace(".000Z", "Z");
    expect(calls.find((c) => c.name === "campaign_start")?.args).toEqual({ input: { campaignId: 5, at } });
  });
});
