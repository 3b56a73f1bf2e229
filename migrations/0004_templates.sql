-- The composer's template library. Forward-only: later changes arrive as new files.

-- `name_key` is the name trimmed and lower-cased by the app (Unicode-aware, like
-- contact_lists.name_key), so "Promoção Natal" and "PROMOÇÃO NATAL" are one template.
-- `body` is the template language (merge fields, spintax), checked by the app on save.
-- The attachment is optional: all media_* columns are set together or all NULL;
-- media_kind is Evolution's `mediatype`.
CREATE TABLE templates (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    body            TEXT NOT NULL DEFAULT '',
    media_kind      TEXT CHECK (media_kind IN ('image', 'video', 'audio', 'document')),
    -- Where the file was when attached (sent from there; checked again before sending).
    media_path      TEXT,
    -- The name a document shows to the recipient (Evolution's `fileName`).
    media_file_name TEXT,
    media_mime      TEXT,
    media_size      INTEGER CHECK (media_size IS NULL OR media_size > 0),
    -- Sent with the media; may hold merge fields like the body.
    media_caption   TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK (
        (media_kind IS NULL AND media_path IS NULL AND media_file_name IS NULL
            AND media_mime IS NULL AND media_size IS NULL AND media_caption IS NULL)
        OR (media_kind IS NOT NULL AND media_path IS NOT NULL AND media_file_name IS NOT NULL
            AND media_mime IS NOT NULL AND media_size IS NOT NULL)
    )
) STRICT;
