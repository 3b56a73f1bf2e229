import { describe, expect, it } from "vitest";
import en from "../../i18n/en.json";
import ptBR from "../../i18n/pt-BR.json";
import type { LeftReason, PauseReason, Risk } from "../../ipc";
import { RECIPIENT_ERRORS } from "./detail/recipientText";

const PAUSE_REASONS: PauseReason[] = ["user", "windowClosed", "capReached", "noInstances", "server", "missedSchedule", "needsAttention"];
const LEFT_REASONS: LeftReason[] = ["closed", "refused", "notFound", "newContactsBlocked"];
const RISKS: Risk["kind"][] = ["newInstance", "aboveCap", "identicalTexts", "noOptOutLine", "plainHttp", "instanceNotConnected", "noRecipients"];

describe("campaign texts", () => {
  it("translate every code the engine reports, in both languages", () => {
    for (const tree of [ptBR.campaigns, en.campaigns]) {
      for (const code of RECIPIENT_ERRORS) expect(tree.recipientErrors[code], code).toBeTruthy();
      for (const reason of PAUSE_REASONS) {
        expect(tree.pauseShort[reason], reason).toBeTruthy();
        expect(tree.banner[reason], reason).toBeTruthy();
      }
      for (const reason of LEFT_REASONS) expect(tree.leftReasons[reason], reason).toBeTruthy();
      for (const kind of RISKS) expect(tree.risks[kind], kind).toBeTruthy();
    }
  });
});
