-- An information governance officer's opening of a message's content for a review, a subject access request, a
-- complaint or a police request: why (sealed: it can name people), for how long, and a Caldicott guardian's
-- review of it.
CREATE TABLE IF NOT EXISTS content_opening (
    opening_id  VARCHAR(36)  PRIMARY KEY,
    kind        VARCHAR(16)  NOT NULL,
    target_id   VARCHAR(64)  NOT NULL,
    opened_by   VARCHAR(128) NOT NULL,
    purpose     VARCHAR(32)  NOT NULL,
    reason      TEXT         NOT NULL,
    opened_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    closes_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    reviewed_by VARCHAR(128),
    outcome     VARCHAR(32),
    review_note TEXT,
    reviewed_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS content_opening_opened ON content_opening (opened_at);
