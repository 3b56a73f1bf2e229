-- Sent messages not yet delivered: a small, moving set (a row enters when it is sent and
-- leaves at its delivery receipt). The report's "undelivered after 7 days" count and the
-- sweep that asks the server about messages stuck for 10 minutes read it instead of every
-- sent row of a campaign. Forward-only.
CREATE INDEX campaign_recipients_undelivered ON campaign_recipients (campaign_id, sent_at)
    WHERE state = 'sent' AND receipt_rank < 3;
CREATE INDEX campaign_recipients_unconfirmed ON campaign_recipients (sent_at)
    WHERE state = 'sent' AND receipt_rank < 3;
