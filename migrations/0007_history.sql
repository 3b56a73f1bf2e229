-- History: what happened to each campaign message after it left (delivery and read
-- receipts from the server's events), the replies, and the consent ledger behind every
-- automatic opt-out. Forward-only.

-- Each sent message's best-known status, kept on its journal row so a report counts one
-- table. `receipt_rank` only ever grows (pending 1 < server_ack 2 < delivery_ack 3 <
-- read 4 < played 5): a late or duplicated event never moves a message back. `error`
-- (rank 0) is recorded only while nothing better is known.
ALTER TABLE campaign_recipients ADD COLUMN receipt TEXT
    CHECK (receipt IS NULL OR receipt IN ('pending', 'server_ack', 'delivery_ack', 'read',
                                          'played', 'error'));
ALTER TABLE campaign_recipients ADD COLUMN receipt_rank INTEGER NOT NULL DEFAULT 0;
ALTER TABLE campaign_recipients ADD COLUMN delivered_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN read_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN replied_at TEXT;
ALTER TABLE campaign_recipients ADD COLUMN opted_out_at TEXT;

-- Events name messages by WhatsApp's key id; replies come from the JID a message went to.
CREATE INDEX campaign_recipients_message ON campaign_recipients (message_id)
    WHERE message_id IS NOT NULL;
CREATE INDEX campaign_recipients_jid ON campaign_recipients (jid, instance_name, sent_at)
    WHERE sent_at IS NOT NULL;
-- One person's timeline across campaigns, under either Brazilian form of the number.
CREATE INDEX campaign_recipients_phone ON campaign_recipients (phone_e164);
CREATE INDEX campaign_recipients_phone_alt ON campaign_recipients (phone_alternative)
    WHERE phone_alternative IS NOT NULL;

-- Every status event as it arrived, once: the server and the socket may repeat them.
CREATE TABLE receipt_events (
    instance_name TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    status        TEXT NOT NULL,
    at            TEXT NOT NULL,
    PRIMARY KEY (instance_name, message_id, status)
) STRICT, WITHOUT ROWID;

-- Messages people sent to an instance. `campaign_id`/`position` attribute a reply to the
-- campaign message it answers (by the quoted message first, else the last message that
-- instance sent to that number within 72 h). `intent` is what the opt-out rules read in
-- it: none, opt_out (applied at once), opt_in ("VOLTAR"), or review (a keyword inside a
-- longer sentence: a person decides). `reviewed` records that decision.
CREATE TABLE replies (
    id            INTEGER PRIMARY KEY,
    instance_name TEXT NOT NULL,
    message_id    TEXT NOT NULL,
    phone_e164    TEXT NOT NULL,
    jid           TEXT NOT NULL,
    push_name     TEXT,
    text          TEXT NOT NULL,
    quoted_id     TEXT,
    received_at   TEXT NOT NULL,
    campaign_id   INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    position      INTEGER,
    attributed_by TEXT CHECK (attributed_by IS NULL OR attributed_by IN ('quote', 'recent')),
    intent        TEXT NOT NULL CHECK (intent IN ('none', 'opt_out', 'opt_in', 'review')),
    reviewed      TEXT CHECK (reviewed IS NULL OR reviewed IN ('opted_out', 'kept')),
    UNIQUE (instance_name, message_id)
) STRICT;
CREATE INDEX replies_campaign ON replies (campaign_id, received_at) WHERE campaign_id IS NOT NULL;
CREATE INDEX replies_review ON replies (received_at) WHERE intent = 'review' AND reviewed IS NULL;
CREATE INDEX replies_phone ON replies (phone_e164, received_at);

-- Why a number is (or stopped being) on the do-not-contact list: the proof. Append-only.
CREATE TABLE consent_ledger (
    id         INTEGER PRIMARY KEY,
    phone_e164 TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('opt_out', 'opt_in')),
    source     TEXT NOT NULL CHECK (source IN ('reply', 'review', 'user')),
    reply_id   INTEGER REFERENCES replies (id) ON DELETE SET NULL,
    proof      TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX consent_ledger_phone ON consent_ledger (phone_e164, created_at);

-- What the campaign list and report show without counting a million rows: how many of a
-- campaign's messages were delivered, read, answered, and led to an opt-out. Kept by the
-- triggers below in the same transaction as the change they count, so the numbers cannot
-- drift from the journal (each moment is set once: `… IS NULL` → a time).
CREATE TABLE campaign_funnel (
    campaign_id INTEGER PRIMARY KEY NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    delivered   INTEGER NOT NULL DEFAULT 0,
    read        INTEGER NOT NULL DEFAULT 0,
    replied     INTEGER NOT NULL DEFAULT 0,
    opted_out   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TRIGGER campaign_funnel_delivered AFTER UPDATE OF delivered_at ON campaign_recipients
WHEN old.delivered_at IS NULL AND new.delivered_at IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO campaign_funnel (campaign_id) VALUES (new.campaign_id);
    UPDATE campaign_funnel SET delivered = delivered + 1 WHERE campaign_id = new.campaign_id;
END;

CREATE TRIGGER campaign_funnel_read AFTER UPDATE OF read_at ON campaign_recipients
WHEN old.read_at IS NULL AND new.read_at IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO campaign_funnel (campaign_id) VALUES (new.campaign_id);
    UPDATE campaign_funnel SET read = read + 1 WHERE campaign_id = new.campaign_id;
END;

CREATE TRIGGER campaign_funnel_replied AFTER UPDATE OF replied_at ON campaign_recipients
WHEN old.replied_at IS NULL AND new.replied_at IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO campaign_funnel (campaign_id) VALUES (new.campaign_id);
    UPDATE campaign_funnel SET replied = replied + 1 WHERE campaign_id = new.campaign_id;
END;

CREATE TRIGGER campaign_funnel_opted_out AFTER UPDATE OF opted_out_at ON campaign_recipients
WHEN old.opted_out_at IS NULL AND new.opted_out_at IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO campaign_funnel (campaign_id) VALUES (new.campaign_id);
    UPDATE campaign_funnel SET opted_out = opted_out + 1 WHERE campaign_id = new.campaign_id;
END;
