import { beforeEach, describe, expect, it } from "vitest";
import i18n from "../i18n";
import { errorText } from "./errors";

describe("errorText", () => {
  beforeEach(async () => {
    await i18n.changeLanguage("pt-BR");
  });

  it("says which action a campaign's status refuses, in words", async () => {
    const error = { code: "CAMPAIGN_WRONG_STATUS", message: "the campaign is completed: pause is not possible", params: { status: "completed", action: "pause" } };
    expect(errorText(i18n.t, error)).toBe("Não é possível pausar uma campanha concluída.");
    await i18n.changeLanguage("en");
    expect(errorText(i18n.t, error)).toBe("You cannot pause a campaign that is completed.");
  });
});
