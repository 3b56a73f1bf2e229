import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import type { InstanceView, ListView, Settings } from "../../ipc";
import { IpcFailure } from "../../ipc/invoke";
import { calls, readyStatus, setHandlers, settingsView } from "../../test/ipcMock";
import { FirstRunWizard } from "./FirstRunWizard";

function renderWizard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={client}>
        <FirstRunWizard />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

function fresh(overrides: Partial<Settings> = {}) {
  const view = settingsView();
  return settingsView({ settings: { ...view.settings, firstRunDone: false, ...overrides } });
}

const openInstance: InstanceView = {
  name: "minha-loja",
  state: "open",
  number: "5511987654321",
  profileName: "Loja",
  profilePicUrl: null,
  disconnectionCode: null,
  live: false,
};

const sampleList: ListView = { id: 1, name: "Clientes", contactCount: 3, createdAt: "2026-12-05T18:00:00Z" };

const stepOf = () => screen.getByTestId("first-run").getAttribute("data-step");

describe("FirstRunWizard", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("starts a never-set-up app at the language, then the demo leads to the first instance", async () => {
    let demo = false;
    setHandlers({
      app_status: () => ({ ...readyStatus(), demo }),
      settings_get: () => fresh(),
      lists_list: () => [],
      instances_list: () => [],
      demo_start: () => {
        demo = true;
        return null;
      },
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("language"));
    await userEvent.click(screen.getByTestId("firstrun-language-next"));
    expect(stepOf()).toBe("server");
    await userEvent.click(screen.getByTestId("firstrun-demo"));
    await waitFor(() => expect(stepOf()).toBe("instance"));
    expect(calls.filter((c) => c.name === "demo_start")).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId("firstrun-instance-name")).toHaveValue("minha-loja"));
  });

  it("resumes at the test message when a server, a connected instance and a list exist, and sends it", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => fresh({ evolutionUrl: "https://evo.loja.com.br" }),
      lists_list: () => [sampleList],
      instances_list: () => [openInstance],
      messages_send_test: ({ instance, number, text }) => {
        expect(instance).toBe("minha-loja");
        expect(number).toBe("+55 11 98765-4321");
        expect(text).toMatch(/primeira mensagem de teste/);
        return { instance, to: "5511987654321", messageId: "3EB0ABC", status: "PENDING", recorded: true };
      },
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("message"));
    await waitFor(() => expect(screen.getByTestId("firstrun-send-number")).toHaveValue("+55 11 98765-4321"));
    await userEvent.click(screen.getByTestId("firstrun-send"));
    const sent = await screen.findByTestId("firstrun-sent");
    expect(sent).toHaveAttribute("data-message-id", "3EB0ABC");
    expect(sent).toHaveTextContent("O servidor confirmou que registrou a mensagem.");
  });

  it("resumes at the instance step when the server is saved but no phone is linked yet", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => fresh({ evolutionUrl: "https://evo.loja.com.br" }),
      lists_list: () => [sampleList],
      instances_list: () => [{ ...openInstance, state: "close" }],
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("instance"));
    // The instance left from before is taken, so the suggestion is a free name.
    expect(screen.getByTestId("firstrun-instance-name")).toHaveValue("minha-loja-2");
  });

  it("explains a wrong key with what to do, and saves nothing", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => fresh(),
      lists_list: () => [],
      first_run_connect: () => {
        throw new IpcFailure({ code: "EVOLUTION_UNAUTHORIZED", message: "the API key was refused by the server", params: {} });
      },
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("language"));
    await userEvent.click(screen.getByTestId("firstrun-language-next"));
    await userEvent.click(screen.getByTestId("firstrun-connect"));
    await userEvent.type(screen.getByTestId("firstrun-url"), "https://evo.loja.com.br");
    await userEvent.type(screen.getByTestId("firstrun-key"), "token-de-instancia");
    await userEvent.click(screen.getByTestId("firstrun-connect-submit"));
    const error = await screen.findByTestId("firstrun-connect-error");
    expect(error).toHaveAttribute("data-code", "EVOLUTION_UNAUTHORIZED");
    expect(error).toHaveTextContent("O servidor recusou a chave de API");
    expect(screen.getByTestId("firstrun-connect-advice")).toHaveTextContent("AUTHENTICATION_API_KEY");
    expect(calls.filter((c) => c.name === "settings_save" || c.name === "secret_set")).toHaveLength(0);
    expect(stepOf()).toBe("server");
  });

  it("names the address that answers when http and https are swapped, and warns about an untested version", async () => {
    let attempt = 0;
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => fresh(),
      lists_list: () => [],
      first_run_connect: ({ input }) => {
        attempt += 1;
        if (attempt === 1) {
          throw new IpcFailure({ code: "EVOLUTION_WRONG_SCHEME", message: "", params: { suggested: "http://evo.loja.com.br:8080" } });
        }
        expect(input.url).toBe("http://evo.loja.com.br:8080");
        return {
          report: { server: { version: "2.4.1", clientName: null, whatsappWebVersion: null }, apiKey: "valid", support: "untested" },
          key: "typed",
          insecure: true,
        };
      },
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("language"));
    await userEvent.click(screen.getByTestId("firstrun-language-next"));
    await userEvent.click(screen.getByTestId("firstrun-connect"));
    await userEvent.type(screen.getByTestId("firstrun-url"), "https://evo.loja.com.br:8080");
    await userEvent.type(screen.getByTestId("firstrun-key"), "chave-global");
    await userEvent.click(screen.getByTestId("firstrun-connect-submit"));
    expect(await screen.findByTestId("firstrun-connect-advice")).toHaveTextContent("use o endereço http://evo.loja.com.br:8080");
    await userEvent.clear(screen.getByTestId("firstrun-url"));
    await userEvent.type(screen.getByTestId("firstrun-url"), "http://evo.loja.com.br:8080");
    await userEvent.click(screen.getByTestId("firstrun-connect-submit"));
    expect(await screen.findByTestId("firstrun-untested")).toHaveTextContent("2.4.1");
    expect(screen.getByTestId("evolution-insecure")).toBeInTheDocument();
  });

  it("can be left at any step, and is then marked done", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      settings_get: () => fresh(),
      lists_list: () => [],
      settings_save: ({ input }) => settingsView({ settings: input }),
    });
    renderWizard();
    await waitFor(() => expect(stepOf()).toBe("language"));
    await userEvent.click(screen.getByTestId("firstrun-skip"));
    await waitFor(() => expect(calls.some((c) => c.name === "settings_save")).toBe(true));
    const saved = calls.find((c) => c.name === "settings_save")?.args as { input: Settings };
    expect(saved.input.firstRunDone).toBe(true);
  });
});
