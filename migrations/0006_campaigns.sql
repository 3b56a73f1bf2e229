-- Campaigns: one message sent to the contacts of a list through one or more WhatsApp
-- instances, and the journal that makes every send happen exactly once.
-- Forward-only: later changes arrive as new numbered files.

-- `body` and `media` are snapshots taken when the campaign was created, so editing or
-- deleting the template later changes nothing about what the campaign sends or reports.
-- `status` is the user's intent (draft, scheduled, running, paused, cancelled) plus what
-- the engine concluded (completed: no recipient left to send; interrupted: the app stopped
-- while it ran). Counters are never stored: they are counted from the recipients.
-- `pause_reason` is a machine code the UI translates (user, window_closed, cap_reached,
-- no_instances, server, missed_schedule); `pause_detail` is the technical detail.
CREATE TABLE campaigns (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    list_id       INTEGER REFERENCES contact_lists (id) ON DELETE SET NULL,
    list_name     TEXT NOT NULL,
    tag           TEXT,
    source        TEXT NOT NULL CHECK (source IN ('template', 'personalisation')),
    template_id   INTEGER REFERENCES templates (id) ON DELETE SET NULL,
    run_id        INTEGER REFERENCES personalisation_runs (id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    media         TEXT CHECK (media IS NULL OR json_valid(media)),
    pacing        TEXT NOT NULL CHECK (json_valid(pacing)),
    status        TEXT NOT NULL DEFAULT 'draft'
                  CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'completed',
                                    'cancelled', 'interrupted')),
    pause_reason  TEXT,
    pause_detail  TEXT,
    -- When a paused campaign continues by itself (the next sending window).
    resume_at     TEXT,
    scheduled_at  TEXT,
    started_at    TEXT,
    finished_at   TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- The instances a campaign rotates over. `left_reason` says why one left the rotation
-- (logged out, banned, refused key…); NULL while it is in.
CREATE TABLE campaign_instances (
    campaign_id   INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    instance_name TEXT NOT NULL,
    left_reason   TEXT,
    left_detail   TEXT,
    left_at       TEXT,
    PRIMARY KEY (campaign_id, instance_name)
) STRICT, WITHOUT ROWID;

-- The journal: one row per recipient, a state machine the engine moves with conditional
-- UPDATEs (`… WHERE state = 'expected'`), so no step happens twice:
--   excluded                 never sent (verdict says why: invalid, duplicate, opted out,
--                            not on WhatsApp);
--   pending → claimed        an instance took the row (nothing has left yet);
--   claimed → sending        the intent (instance, JID, text hash, time) is durable, then
--                            the HTTP call is made;
--   sending → sent | failed | unknown   the answer, or no answer that says what happened.
-- At start-up `claimed` rows go back to `pending` and `sending` rows become `unknown`;
-- `unknown` rows are looked up on the server (findMessages) before anything is resent, and
-- the ones that cannot be decided are flagged `needs_attention` for the user.
-- `text` is rendered once, when the campaign is created: a resume sends exactly it.
-- `contact_id` has no foreign key on purpose: deleting a contact keeps its history.
CREATE TABLE campaign_recipients (
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    contact_id      INTEGER,
    contact_name    TEXT,
    phone_e164      TEXT NOT NULL,
    -- The other Brazilian form of the number (with or without the 9th digit).
    phone_alternative TEXT,
    jid             TEXT,
    verdict         TEXT NOT NULL
                    CHECK (verdict IN ('ready', 'unchecked', 'invalid', 'duplicate',
                                       'opted_out', 'not_on_whatsapp')),
    text            TEXT,
    text_hash       TEXT,
    state           TEXT NOT NULL
                    CHECK (state IN ('excluded', 'pending', 'claimed', 'sending', 'sent',
                                     'failed', 'unknown')),
    needs_attention INTEGER NOT NULL DEFAULT 0 CHECK (needs_attention IN (0, 1)),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- Lookups of an unknown outcome that could not reach a verdict.
    checks          INTEGER NOT NULL DEFAULT 0,
    not_before      TEXT,
    instance_name   TEXT,
    intent_at       TEXT,
    sent_at         TEXT,
    message_id      TEXT,
    error_code      TEXT,
    error_detail    TEXT,
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (campaign_id, position),
    CHECK (state = 'excluded' OR text IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- The engine's "next pending row" and every count by state.
CREATE INDEX campaign_recipients_state ON campaign_recipients (campaign_id, state, position);
-- A number's sends across campaigns: daily caps, warm-up, "has this instance written to
-- this contact before".
CREATE INDEX campaign_recipients_instance ON campaign_recipients (instance_name, intent_at)
    WHERE intent_at IS NOT NULL;

-- whatsappNumbers answers, kept for a limited time (checks are paced: bulk checks get
-- numbers banned). `jid` is where to send: it settles the Brazilian 9th digit.
CREATE TABLE number_checks (
    phone_e164  TEXT PRIMARY KEY NOT NULL,
    on_whatsapp INTEGER NOT NULL CHECK (on_whatsapp IN (0, 1)),
    jid         TEXT,
    checked_at  TEXT NOT NULL
) STRICT;

-- Per WhatsApp number (instance): when its warm-up started and when it last sent, kept in
-- the same transaction as each send's result.
CREATE TABLE instance_usage (
    instance_name     TEXT PRIMARY KEY NOT NULL,
    warmup_started_at TEXT,
    last_sent_at      TEXT,
    first_seen_open   TEXT
) STRICT;
