import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, emitAppEvent, setHandlers } from "../../test/ipcMock";
import i18n from "../../i18n";
import { NavigationContext } from "../../components/navigation";
import type { CampaignSummary, Dashboard } from "../../ipc";
import { takeCampaignOpen } from "../campaigns/openRequest";
import { counts } from "../campaigns/testData";
import { renderWithApp } from "../campaigns/testRender";
import { HomePage } from "./HomePage";

const running: CampaignSummary = {
  id: 7,
  name: "Natal",
  status: "running",
  pauseReason: null,
  listName: "Clientes",
  tag: null,
  createdAt: "2026-12-05T10:00:00.000Z",
  scheduledAt: null,
  startedAt: "2026-12-05T10:01:00.000Z",
  finishedAt: null,
  instances: ["loja-1"],
  audience: 100,
  excluded: 10,
  waiting: 60,
  sent: 28,
  failed: 2,
  delivered: 20,
  read: 9,
  replied: 1,
  optedOut: 0,
};

describe("HomePage", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("shows sends against caps, active campaigns and reviews, links into each and reloads on events", async () => {
    let sent = 12;
    const dashboard = (): Dashboard => ({
      instances: [
        { name: "loja-1", sentToday: sent, capToday: 50, warmupDay: 5 },
        { name: "demo-1", sentToday: 3, capToday: null, warmupDay: 1 },
      ],
      campaigns: [running],
      repliesToReview: 2,
    });
    setHandlers({ history_dashboard: dashboard });
    const navigate = vi.fn();
    renderWithApp(
      <NavigationContext.Provider value={navigate}>
        <HomePage />
      </NavigationContext.Provider>,
    );
    expect(await screen.findByTestId("home-instance-count-loja-1")).toHaveTextContent("12 de 50 hoje");
    expect(screen.getByTestId("home-instance-loja-1")).toHaveTextContent("Em aquecimento: dia 5");
    expect(screen.getByTestId("home-instance-count-demo-1")).toHaveTextContent("3 hoje (sem limite)");
    expect(screen.getByTestId("home-campaign-counts-7")).toHaveTextContent("28/90");
    expect(screen.getByTestId("home-review")).toHaveTextContent("2 respostas podem ser pedidos");

    // A send elsewhere: the campaign's progress event reloads the figures.
    sent = 13;
    emitAppEvent({ kind: "campaignProgress", campaignId: 7, counts: counts({ sent: 29 }), instances: [], estimatedFinish: null });
    await waitFor(() => expect(screen.getByTestId("home-instance-count-loja-1")).toHaveTextContent("13 de 50 hoje"));
    expect(calls.filter((c) => c.name === "history_dashboard").length).toBeGreaterThanOrEqual(2);

    await userEvent.click(screen.getByTestId("home-campaign-open-7"));
    expect(navigate).toHaveBeenLastCalledWith("campaigns");
    expect(takeCampaignOpen()).toBe(7);
    expect(takeCampaignOpen()).toBeNull();
    await userEvent.click(screen.getByTestId("home-review-open"));
    expect(navigate).toHaveBeenLastCalledWith("history");
  });

  it("says when nothing is going on", async () => {
    setHandlers({ history_dashboard: () => ({ instances: [], campaigns: [], repliesToReview: 0 }) });
    renderWithApp(<HomePage />);
    expect(await screen.findByTestId("home-instances-empty")).toBeInTheDocument();
    expect(screen.getByTestId("home-campaigns-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("home-review")).not.toBeInTheDocument();
  });
});
