// The fake backend first: it must replace `invoke` before the ipc module loads.
import { calls, readyStatus, setHandlers } from "../../test/ipcMock";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../../i18n";
import type { ProfileView } from "../../ipc";
import { appApi } from "../../ipc";
import { IpcFailure } from "../../ipc/invoke";
import { queryKeys } from "../../lib/queries";
import { ProfileMenu } from "./ProfileMenu";

const main: ProfileView = { id: "default", name: null, isDefault: true, current: true, evolutionUrl: "https://evo.loja.com.br", createdAt: "" };
const shopB: ProfileView = { id: "loja-b", name: "Loja B", isDefault: false, current: false, evolutionUrl: null, createdAt: "2026-12-05T19:00:00Z" };

/** The header as the shell wires it: the open profile comes from the app status. */
function Header() {
  const status = useQuery({ queryKey: queryKeys.appStatus, queryFn: appApi.status });
  return status.data ? <ProfileMenu current={status.data.profile} /> : null;
}

function renderMenu() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider>
      <Notifications />
      <QueryClientProvider client={client}>
        <Header />
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe("ProfileMenu", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("names the open profile, lists the others with their server, and switches", async () => {
    let open = "default";
    const list = () => [main, shopB].map((p) => ({ ...p, current: p.id === open }));
    setHandlers({
      app_status: () => ({ ...readyStatus(), profile: list().find((p) => p.current) ?? null }),
      profiles_list: list,
      profiles_switch: ({ id }) => {
        open = id;
        return list().find((p) => p.id === id) ?? main;
      },
    });
    renderMenu();
    const button = await screen.findByTestId("profile-menu");
    expect(button).toHaveTextContent("Principal");
    await userEvent.click(button);
    const item = await screen.findByTestId("profile-item-loja-b");
    expect(item).toHaveTextContent("Loja B");
    expect(item).toHaveTextContent("servidor não configurado");
    expect(screen.getByTestId("profile-item-default")).toHaveTextContent("https://evo.loja.com.br");
    await userEvent.click(item);
    await waitFor(() => expect(screen.getByTestId("profile-menu")).toHaveTextContent("Loja B"));
    expect(calls.filter((c) => c.name === "profiles_switch")).toEqual([{ name: "profiles_switch", args: { id: "loja-b" } }]);
    expect(await screen.findByText("Perfil “Loja B” aberto.")).toBeInTheDocument();
  });

  it("explains in the user's language why a switch is refused while a campaign sends", async () => {
    setHandlers({
      app_status: () => readyStatus(),
      profiles_list: () => [main, shopB],
      profiles_switch: () => {
        throw new IpcFailure({ code: "PROFILE_BUSY", message: "busy", params: { campaigns: "1", jobs: "0" } });
      },
    });
    renderMenu();
    await userEvent.click(await screen.findByTestId("profile-menu"));
    await userEvent.click(await screen.findByTestId("profile-item-loja-b"));
    expect(await screen.findByText(/1 campanha\(s\) enviando/)).toBeInTheDocument();
    expect(screen.getByTestId("profile-menu")).toHaveTextContent("Principal");
  });

  it("creates a named profile and opens it", async () => {
    let open = "default";
    const created: ProfileView = { ...shopB, id: "filial-sul", name: "Filial Sul" };
    const list = () => [main, created].map((p) => ({ ...p, current: p.id === open }));
    setHandlers({
      app_status: () => ({ ...readyStatus(), profile: list().find((p) => p.current) ?? null }),
      profiles_list: () => [main],
      profiles_create: ({ name }) => {
        expect(name).toBe("Filial Sul");
        return created;
      },
      profiles_switch: ({ id }) => {
        open = id;
        return list().find((p) => p.id === id) ?? main;
      },
    });
    renderMenu();
    await userEvent.click(await screen.findByTestId("profile-menu"));
    await userEvent.click(await screen.findByTestId("profile-new"));
    await userEvent.type(await screen.findByTestId("profile-name"), "Filial Sul");
    await userEvent.click(screen.getByTestId("profile-create"));
    await waitFor(() => expect(screen.getByTestId("profile-menu")).toHaveTextContent("Filial Sul"));
    expect(calls.map((c) => c.name)).toContain("profiles_create");
  });
});
