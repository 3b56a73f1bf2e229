-- Facts about this installation's database (first open, last open, schema notes).
-- Forward-only: later changes arrive as new numbered files, never edits to this one.
CREATE TABLE app_meta (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
