-- Contacts and their import history. Forward-only: later changes arrive as new files.

-- A named set of contacts a campaign is sent to. `name_key` is the name trimmed and
-- lower-cased by the app (Unicode-aware, unlike SQLite's ASCII-only NOCASE), so
-- "Clientes São Paulo" and "CLIENTES SÃO PAULO" are the same list.
CREATE TABLE contact_lists (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- One run of the import wizard. Rows exist only for imports that committed: the import
-- row is written in the same transaction as its contacts.
CREATE TABLE imports (
    id              INTEGER PRIMARY KEY,
    file_name       TEXT NOT NULL,
    list_id         INTEGER REFERENCES contact_lists (id) ON DELETE SET NULL,
    status          TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'undone')),
    ok_count        INTEGER NOT NULL DEFAULT 0,
    repaired_count  INTEGER NOT NULL DEFAULT 0,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    opted_out_count INTEGER NOT NULL DEFAULT 0,
    invalid_count   INTEGER NOT NULL DEFAULT 0,
    skipped_count   INTEGER NOT NULL DEFAULT 0,
    inserted_count  INTEGER NOT NULL DEFAULT 0,
    updated_count   INTEGER NOT NULL DEFAULT 0,
    started_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at     TEXT,
    undone_at       TEXT
) STRICT;

-- `import_id` is the import that created the row (an update by a later import leaves it),
-- so undoing an import deletes exactly what it inserted.
CREATE TABLE contacts (
    id                INTEGER PRIMARY KEY,
    list_id           INTEGER NOT NULL REFERENCES contact_lists (id) ON DELETE CASCADE,
    name              TEXT,
    phone_e164        TEXT NOT NULL,
    phone_original    TEXT NOT NULL,
    -- The same line with or without the Brazilian 9th digit; WhatsApp may know either.
    phone_alternative TEXT,
    line_kind         TEXT NOT NULL CHECK (line_kind IN ('mobile', 'landline', 'unknown')),
    email             TEXT,
    company           TEXT,
    city              TEXT,
    -- Every other column of the sheet, keyed by slug ({{bairro}}): query with json_extract.
    custom_fields     TEXT NOT NULL DEFAULT '{}'
                      CHECK (json_valid(custom_fields) AND json_type(custom_fields) = 'object'),
    import_id         INTEGER REFERENCES imports (id) ON DELETE SET NULL,
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- Not unique: "keep both" stores the same number twice in a list on purpose.
CREATE INDEX contacts_list_phone ON contacts (list_id, phone_e164);
-- Search across lists by number, and the opt-out check at send time.
CREATE INDEX contacts_phone ON contacts (phone_e164);
-- Alphabetical listing inside a list. Substring search (LIKE '%x%') cannot use a b-tree;
-- it scans one list's rows, which is fine for small-business sizes.
CREATE INDEX contacts_list_name ON contacts (list_id, name);
-- Undo of an import.
CREATE INDEX contacts_import ON contacts (import_id);

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    tag        TEXT NOT NULL,
    PRIMARY KEY (contact_id, tag)
) STRICT, WITHOUT ROWID;

-- Filtering by tag.
CREATE INDEX contact_tags_tag ON contact_tags (tag, contact_id);

-- The do-not-contact list, across all lists.
CREATE TABLE opt_outs (
    phone_e164 TEXT PRIMARY KEY NOT NULL,
    reason     TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
