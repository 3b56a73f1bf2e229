-- Per-contact AI personalisation: one run per (template, list) request, one row per contact.
-- Forward-only. Each message is written the moment it arrives, so a crash or a cancel keeps
-- every result already paid for and a resumed run only asks for the rows still pending.

-- `body` is the template text the run started from, so later edits of the template do not
-- change what the run is about. `status`: ready (prepared, not started), running, paused
-- (cancelled by the user, or interrupted by a crash and recovered at start-up), completed
-- (no row pending), approved (the user accepted the batch; only then may it be sent).
CREATE TABLE personalisation_runs (
    id            INTEGER PRIMARY KEY,
    template_id   INTEGER REFERENCES templates (id) ON DELETE SET NULL,
    list_id       INTEGER REFERENCES contact_lists (id) ON DELETE SET NULL,
    body          TEXT NOT NULL,
    model         TEXT NOT NULL,
    language      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'ready'
                  CHECK (status IN ('ready', 'running', 'paused', 'completed', 'approved')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    approved_at   TEXT
) STRICT;

-- The model rewrites the run's `body` for the contact described by `fields` (a snapshot of
-- the contact's merge values taken when the run was prepared, so the run does not change
-- when the contact is edited); the facts lock compares its answer with `body`; `text` is
-- the answer rendered for the contact: exactly what would be sent. `contact_id` has no
-- foreign key on purpose: deleting a contact must not erase a reviewed message.
-- `status`: pending, done (the model's text), failed (error_code says why), edited (the
-- user's text replaced the model's).
CREATE TABLE personalised_messages (
    run_id        INTEGER NOT NULL REFERENCES personalisation_runs (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    contact_id    INTEGER NOT NULL,
    contact_name  TEXT,
    phone_e164    TEXT NOT NULL,
    fields        TEXT NOT NULL CHECK (json_valid(fields) AND json_type(fields) = 'object'),
    status        TEXT NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'done', 'failed', 'edited')),
    text          TEXT,
    error_code    TEXT,
    error_detail  TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    input_tokens  INTEGER,
    output_tokens INTEGER,
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (run_id, position),
    CHECK (status IN ('pending', 'failed') OR text IS NOT NULL)
) STRICT, WITHOUT ROWID;

-- The runner's "next pending rows" and the review screen's filter by status.
CREATE INDEX personalised_messages_status ON personalised_messages (run_id, status, position);
