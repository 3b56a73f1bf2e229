// Campaign values for the UI tests, shaped like the backend's answers.
import type { CampaignCounts, CampaignView, Preflight, RecipientView } from "../../ipc";
import { defaultPacing } from "./wizard/draft";

export function counts(overrides: Partial<CampaignCounts> = {}): CampaignCounts {
  return { total: 10, excluded: 0, pending: 10, inFlight: 0, sent: 0, failed: 0, unknown: 0, needsAttention: 0, ...overrides };
}

export function campaignView(overrides: Partial<CampaignView> = {}): CampaignView {
  return {
    id: 5,
    name: "Promoção de dezembro",
    listId: 3,
    listName: "Clientes",
    tag: null,
    source: { kind: "template", templateId: 9 },
    body: "Oi {{nome}}!",
    media: null,
    pacing: defaultPacing(),
    instances: [
      { name: "loja-1", leftReason: null, leftDetail: null, sent: 0, failed: 0 },
      { name: "loja-2", leftReason: null, leftDetail: null, sent: 0, failed: 0 },
    ],
    status: "draft",
    pauseReason: null,
    pauseDetail: null,
    resumeAt: null,
    scheduledAt: null,
    startedAt: null,
    finishedAt: null,
    createdAt: "2026-12-01T12:00:00Z",
    counts: counts(),
    estimatedFinish: null,
    ...overrides,
  };
}

export function preflightReport(overrides: Partial<Preflight> = {}): Preflight {
  return {
    campaignId: 5,
    verdicts: { ready: 0, unchecked: 7, invalid: 1, duplicate: 1, optedOut: 1, notOnWhatsapp: 0 },
    numberCheck: { checked: 0, total: 7, running: false },
    estimatedFinish: "2026-12-01T18:30:00Z",
    sendingDays: 2,
    risks: [],
    sampleText: "Oi Ana!",
    ...overrides,
  };
}

export function recipient(position: number, overrides: Partial<RecipientView> = {}): RecipientView {
  return {
    position,
    contactId: position,
    contactName: `Contato ${position}`,
    phoneE164: `+55119876500${String(position).padStart(2, "0")}`,
    jid: null,
    verdict: "unchecked",
    state: "pending",
    needsAttention: false,
    text: "Oi!",
    instance: null,
    attempts: 0,
    intentAt: null,
    sentAt: null,
    messageId: null,
    errorCode: null,
    errorDetail: null,
    receipt: null,
    deliveredAt: null,
    readAt: null,
    repliedAt: null,
    optedOutAt: null,
    ...overrides,
  };
}
