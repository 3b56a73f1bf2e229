-- How many of a campaign's journal rows are in each state, for the campaign list: a page of
-- 50 campaigns must not count a million journal rows (the list answers in < 50 ms with 1M
-- rows). Kept by the triggers below in the same transaction as the change they count, so the
-- numbers cannot drift from the journal; rebuilt from the journal here for existing rows.
CREATE TABLE campaign_state_counts (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    state       TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (campaign_id, state)
) STRICT, WITHOUT ROWID;

INSERT INTO campaign_state_counts (campaign_id, state, n)
SELECT campaign_id, state, COUNT(*) FROM campaign_recipients GROUP BY campaign_id, state;

CREATE TRIGGER campaign_state_counts_insert AFTER INSERT ON campaign_recipients
BEGIN
    INSERT INTO campaign_state_counts (campaign_id, state, n) VALUES (new.campaign_id, new.state, 1)
    ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER campaign_state_counts_update AFTER UPDATE OF state ON campaign_recipients
WHEN old.state IS NOT new.state
BEGIN
    UPDATE campaign_state_counts SET n = n - 1
     WHERE campaign_id = old.campaign_id AND state = old.state;
    INSERT INTO campaign_state_counts (campaign_id, state, n) VALUES (new.campaign_id, new.state, 1)
    ON CONFLICT (campaign_id, state) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER campaign_state_counts_delete AFTER DELETE ON campaign_recipients
BEGIN
    UPDATE campaign_state_counts SET n = n - 1
     WHERE campaign_id = old.campaign_id AND state = old.state;
END;
