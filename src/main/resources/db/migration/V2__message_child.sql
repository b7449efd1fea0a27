-- Which children (by NHS number) each accepted message named, so that a child's own disclosure log lists the
-- shares of messages about an adult of the family that named them. Pruned with the audit entries it points into.
CREATE TABLE IF NOT EXISTS message_child (
    hub_message_id VARCHAR(36) NOT NULL,
    child_nhs      VARCHAR(10) NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (hub_message_id, child_nhs)
);
CREATE INDEX IF NOT EXISTS ix_message_child_nhs ON message_child (child_nhs);
CREATE INDEX IF NOT EXISTS ix_message_child_received ON message_child (received_at);
