import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import { IpcFailure } from "../../ipc/invoke";
import { calls, readyStatus, setHandlers, settingsView } from "../../test/ipcMock";
import { SettingsPage } from "./SettingsPage";

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={client}>
        <SettingsPage />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("SettingsPage", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("saves a key write-only and then shows it as configured with its hint", async () => {
    let view = settingsView();
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [],
      settings_get: () => view,
      secret_set: ({ input }) => {
        expect(input.kind).toBe("openaiApiKey");
        const status = { configured: true, hint: input.value.slice(-4) };
        view = settingsView({ secrets: { evolutionApiKey: { configured: false, hint: null }, openaiApiKey: status } });
        return status;
      },
    });
    renderPage();
    const input = await screen.findByTestId("secret-input-openaiApiKey");
    await userEvent.type(input, "sk-test-abcdefgh12345678");
    await userEvent.click(screen.getByTestId("secret-save-openaiApiKey"));
    await waitFor(() => expect(screen.getByTestId("secret-status-openaiApiKey")).toHaveTextContent("Configurada · termina em 5678"));
    expect(screen.queryByTestId("secret-input-openaiApiKey")).not.toBeInTheDocument();
    expect(screen.getByTestId("secret-replace-openaiApiKey")).toBeInTheDocument();
    expect(calls.filter((c) => c.name === "secret_set")).toHaveLength(1);
  });

  it("shows a translated message for an Evolution error code", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [],
      settings_get: () => settingsView(),
      evolution_test_connection: () => {
        throw new IpcFailure({ code: "EVOLUTION_UNREACHABLE", message: "connection refused", params: {} });
      },
    });
    renderPage();
    await userEvent.type(await screen.findByTestId("evolution-url"), "http://127.0.0.1:9");
    await userEvent.click(screen.getByTestId("evolution-test"));
    const alert = await screen.findByTestId("error-alert");
    expect(alert).toHaveAttribute("data-code", "EVOLUTION_UNREACHABLE");
    expect(alert).toHaveTextContent("Não foi possível alcançar o servidor");
    expect(calls.find((c) => c.name === "evolution_test_connection")?.args).toEqual({ input: { url: "http://127.0.0.1:9", key: null } });
  });

  it("warns when the tested server runs a version the app was not tested with, or one too old", async () => {
    let version = "2.4.0-rc1";
    const support = () => (version.startsWith("1.") ? ("tooOld" as const) : ("untested" as const));
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => settingsView(),
      evolution_test_connection: () => ({
        report: { server: { version, whatsappWebVersion: null, clientName: null }, apiKey: "valid" as const, support: support() },
        key: "saved" as const,
        insecure: false,
      }),
    });
    renderPage();
    await userEvent.type(await screen.findByTestId("evolution-url"), "https://evo.loja.com.br");
    await userEvent.click(screen.getByTestId("evolution-test"));
    const warning = await screen.findByTestId("server-version-warning");
    expect(warning).toHaveAttribute("data-support", "untested");
    expect(warning).toHaveTextContent("A Evolution API 2.4.0-rc1 não foi testada com este app (testadas: 2.2–2.3)");

    version = "1.8.2";
    await userEvent.click(screen.getByTestId("evolution-test"));
    await waitFor(() => expect(screen.getByTestId("server-version-warning")).toHaveAttribute("data-support", "tooOld"));
    expect(screen.getByTestId("server-version-warning")).toHaveTextContent("antiga demais");
  });

  it("never offers the saved key to an unsaved address and warns about plain http", async () => {
    const report = { server: { version: "2.3.7", whatsappWebVersion: null, clientName: null }, apiKey: "notConfigured" as const, support: "tested" as const };
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [],
      settings_get: () =>
        settingsView({
          settings: { ...settingsView().settings, evolutionUrl: "https://evo.loja.com.br" },
          secrets: { evolutionApiKey: { configured: true, hint: "9999" }, openaiApiKey: { configured: false, hint: null } },
        }),
      evolution_test_connection: ({ input }) => ({
        report: { ...report, apiKey: input.key ? "valid" : "notConfigured" },
        key: input.key ? "typed" : "withheld",
        insecure: true,
      }),
    });
    renderPage();
    const url = await screen.findByTestId("evolution-url");
    expect(screen.queryByTestId("evolution-test-key")).not.toBeInTheDocument();
    await userEvent.clear(url);
    await userEvent.type(url, "http://10.0.0.5:8080");
    await userEvent.click(screen.getByTestId("evolution-test"));
    const result = await screen.findByTestId("evolution-test-result");
    expect(result).toHaveAttribute("data-key-source", "withheld");
    expect(result).toHaveTextContent("A chave salva não foi enviada");
    expect(screen.getByTestId("evolution-insecure")).toHaveTextContent("não é criptografada");
    expect(calls.filter((c) => c.name === "evolution_test_connection").at(-1)?.args).toEqual({
      input: { url: "http://10.0.0.5:8080", key: null },
    });

    await userEvent.type(screen.getByTestId("evolution-test-key"), "typed-key-123");
    await userEvent.click(screen.getByTestId("evolution-test"));
    await waitFor(() => expect(screen.getByTestId("evolution-test-result")).toHaveAttribute("data-key-source", "typed"));
    expect(calls.filter((c) => c.name === "evolution_test_connection").at(-1)?.args).toEqual({
      input: { url: "http://10.0.0.5:8080", key: "typed-key-123" },
    });
  });

  it("puts an invalid address error on the field it belongs to", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [],
      settings_get: () => settingsView(),
      settings_save: () => {
        throw new IpcFailure({ code: "INVALID_SETTINGS", message: "bad", params: { field: "evolutionUrl" } });
      },
    });
    renderPage();
    await userEvent.type(await screen.findByTestId("evolution-url"), "evo.loja");
    await userEvent.click(screen.getByTestId("settings-save"));
    expect(await screen.findByText(/Confira o campo "Endereço do servidor"/)).toBeInTheDocument();
  });

  it("explains a missing keychain and disables the key fields", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [],
      settings_get: () => settingsView({ keychain: { state: "unavailable", reason: "no Secret Service" }, secrets: null }),
    });
    renderPage();
    expect(await screen.findByTestId("keychain-unavailable")).toHaveTextContent("Chaveiro do sistema indisponível");
    expect(screen.getByTestId("secret-input-openaiApiKey")).toBeDisabled();
  });

  it("opens the first-run guide again", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => settingsView(),
      settings_save: ({ input }) => settingsView({ settings: input }),
    });
    renderPage();
    await userEvent.click(await screen.findByTestId("settings-reopen-first-run"));
    await waitFor(() => expect(calls.some((c) => c.name === "settings_save")).toBe(true));
    const saved = calls.find((c) => c.name === "settings_save")?.args as { input: { firstRunDone: boolean; evolutionUrl: string | null } };
    expect(saved.input.firstRunDone).toBe(false);
    expect(saved.input.evolutionUrl).toBeNull();
  });
});
