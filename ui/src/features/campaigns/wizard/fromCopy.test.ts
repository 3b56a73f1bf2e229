import { describe, expect, it } from "vitest";
import type { CampaignCopy } from "../../../ipc";
import { defaultPacing } from "./draft";
import { stateFromCopy } from "./fromCopy";

const pacing = { ...defaultPacing(), preset: "safe" as const, dailyCap: 80 };

describe("stateFromCopy", () => {
  it("prefills list, tag, message, numbers and pacing, and starts sending now", () => {
    const copy: CampaignCopy = { name: "Natal", listId: 3, tag: "vip", source: { kind: "template", templateId: 9 }, instances: ["loja-1", "loja-2"], pacing };
    expect(stateFromCopy(copy, "Natal (cópia)")).toEqual({
      name: "Natal (cópia)",
      listId: 3,
      tag: "vip",
      sourceKind: "template",
      templateId: 9,
      runId: null,
      instances: ["loja-1", "loja-2"],
      pacing,
      schedule: { kind: "now" },
    });
  });

  it("keeps a personalisation, and leaves what was deleted empty", () => {
    const run = stateFromCopy({ name: "A", listId: 3, tag: null, source: { kind: "personalisation", runId: 4 }, instances: [], pacing }, "A (cópia)");
    expect([run.sourceKind, run.runId, run.templateId]).toEqual(["personalisation", 4, null]);
    const gone = stateFromCopy({ name: "B", listId: null, tag: null, source: null, instances: ["loja-1"], pacing }, "B (cópia)");
    expect([gone.listId, gone.sourceKind, gone.templateId, gone.runId]).toEqual([null, "template", null, null]);
  });
});
