import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import { AboutDialog } from "./AboutDialog";
import licences from "./licences.json";

describe("About dialog", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows version, build, install type, folders to open and every bundled licence", async () => {
    setHandlers({
      app_about: () => ({
        version: "0.1.0",
        build: "c66f722abc",
        identifier: "br.com.whatstip.desktop",
        homepage: "https://whatstip.com.br",
        help: "https://whatstip.com.br/ajuda",
        install: "deb",
        route: { how: "selfUpdate", kind: "deb", feedTarget: "linux-x86_64-deb" },
        dataDir: "/home/ana/.local/share/br.com.whatstip.desktop",
        logDir: "/home/ana/.local/share/br.com.whatstip.desktop/logs",
      }),
      app_open_folder: () => null,
      app_open_link: () => null,
    });
    const user = userEvent.setup();
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient()}>
          <AboutDialog onClose={() => undefined} onCheckUpdates={() => undefined} />
        </QueryClientProvider>
      </MantineProvider>,
    );
    expect(await screen.findByTestId("about-version")).toHaveTextContent("Versão 0.1.0 (build c66f722abc)");
    expect(screen.getByText("Pacote .deb")).toBeInTheDocument();
    expect(screen.getByText(/se atualiza sozinha/)).toBeInTheDocument();

    await user.click(screen.getByTestId("about-open-logs"));
    await user.click(screen.getByText("https://whatstip.com.br"));
    expect(calls.filter((c) => c.name !== "app_about")).toEqual([
      { name: "app_open_folder", args: { folder: "logs" } },
      { name: "app_open_link", args: { link: "homepage" } },
    ]);

    const total = licences.rust.length + licences.npm.length;
    expect(total).toBeGreaterThan(500);
    await user.click(screen.getByTestId("about-licences"));
    expect(screen.getByTestId("about-licences")).toHaveTextContent(`(${total})`);
    expect(await screen.findByText("tauri-plugin-updater")).toBeInTheDocument();
    expect(screen.getByText("react")).toBeInTheDocument();
  });
});
