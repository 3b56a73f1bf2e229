-- How each contact's phone number came out of the import that inserted it.
-- Forward-only: later changes arrive as new numbered files, never edits to this one.
--
-- phone_verdict: 'ok'        the cell already held a complete number;
--                'repaired'  the number was usable after the changes in phone_changes;
--                'duplicate' inserted although the list (or the file) already had the
--                            number, because the user chose "keep both".
-- Contacts that existed before this migration, or were added by hand, read as 'ok'. A later
-- import that updates the contact ("update existing") leaves both columns as they were.
ALTER TABLE contacts ADD COLUMN phone_verdict TEXT NOT NULL DEFAULT 'ok'
    CHECK (phone_verdict IN ('ok', 'repaired', 'duplicate'));

-- The repairs as JSON, the serialised `import::phone::Change` list in the order they were
-- applied: [{"kind":"fromNumericCell"},{"kind":"removedCarrierCode","value":"21"}].
-- Machine-readable so the UI can translate each kind; NULL when nothing was changed (a
-- 'duplicate' may carry changes too: the verdict says why it was kept, this says how).
-- Only the importer writes it, so there is no json_valid() CHECK: on a million-row import
-- that check alone costs about a third of a second.
ALTER TABLE contacts ADD COLUMN phone_changes TEXT;
