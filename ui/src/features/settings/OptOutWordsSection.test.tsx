import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
// First: it replaces the IPC modules before anything imports them.
import { calls, setHandlers, settingsView } from "../../test/ipcMock";
import i18n from "../../i18n";
import { IpcFailure } from "../../ipc/invoke";
import type { Settings } from "../../ipc";
import { renderWithApp } from "../campaigns/testRender";
import { OptOutWordsSection } from "./OptOutWordsSection";

const DEFAULTS = ["sair", "parar", "pare", "stop", "cancelar", "descadastrar", "remover"];

describe("OptOutWordsSection", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("edits the words, shows the core's refusal translated and restores the defaults", async () => {
    const saved: Settings = { ...settingsView().settings, optOutWords: ["sair", "chega"] };
    const saves: string[][] = [];
    setHandlers({
      history_default_opt_out_words: () => DEFAULTS,
      settings_save: ({ input }) => {
        saves.push(input.optOutWords);
        if (input.optOutWords.length === 0) {
          throw new IpcFailure({ code: "INVALID_SETTINGS", message: "the opt-out words are not usable: the list is empty", params: { field: "optOutWords", reason: "empty" } });
        }
        return settingsView({ settings: input });
      },
    });
    renderWithApp(<OptOutWordsSection saved={saved} />);
    const input = screen.getByTestId("optout-words");
    expect(screen.getByText("chega")).toBeInTheDocument();
    expect(screen.getByTestId("optout-words-save")).toBeDisabled();

    await userEvent.type(input, "não quero mais receber{enter}");
    await userEvent.click(screen.getByTestId("optout-words-save"));
    await waitFor(() => expect(saves).toEqual([["sair", "chega", "não quero mais receber"]]));

    // Everything removed: the core refuses, and says why in Portuguese.
    await userEvent.click(screen.getByLabelText("Apagar todas"));
    expect(screen.queryByText("chega")).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId("optout-words-save"));
    expect(await screen.findByText(/Mantenha pelo menos uma palavra/)).toBeInTheDocument();
    expect(saves.at(-1)).toEqual([]);

    await userEvent.click(screen.getByTestId("optout-words-defaults"));
    for (const word of DEFAULTS) expect(screen.getByText(word)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId("optout-words-save"));
    await waitFor(() => expect(saves.at(-1)).toEqual(DEFAULTS));
    expect(calls.filter((c) => c.name === "settings_save")).toHaveLength(3);
  }, 30_000);
});
