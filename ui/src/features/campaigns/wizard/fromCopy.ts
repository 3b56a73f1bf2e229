// "Duplicate campaign": the wizard's state from another campaign's choices. What was
// deleted since (list, template, personalisation) stays empty for the user to choose.
import type { CampaignCopy } from "../../../ipc";
import { type WizardState, initialState } from "./draft";

export function stateFromCopy(copy: CampaignCopy, name: string): WizardState {
  const source = copy.source;
  return {
    ...initialState(),
    name,
    listId: copy.listId,
    tag: copy.tag,
    sourceKind: source?.kind === "personalisation" ? "personalisation" : "template",
    templateId: source?.kind === "template" ? source.templateId : null,
    runId: source?.kind === "personalisation" ? source.runId : null,
    instances: copy.instances,
    pacing: copy.pacing,
  };
}
