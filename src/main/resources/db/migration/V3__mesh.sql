-- MESH: the messages agencies send to the hub's mailbox (while their chunks arrive, and afterwards for tracking)
-- and the hub's own MESH messages to an agency's inbox (receipts, refusals, non-delivery reports). Shares collected
-- through MESH are not here: they are the delivery rows whose queue is 'mesh' (their MESH message id is the
-- delivery id). Content (mesh_chunk) is kept only while it is needed: a sent message's chunks until the hub has
-- decided it, a receipt's until its recipient acknowledges it.
CREATE TABLE IF NOT EXISTS mesh_message (
    message_id        VARCHAR(40)  PRIMARY KEY,
    sender_mailbox    VARCHAR(20)  NOT NULL,
    recipient_mailbox VARCHAR(20)  NOT NULL,
    sender_agency     VARCHAR(64),
    recipient_agency  VARCHAR(64),
    message_type      VARCHAR(8)   NOT NULL,
    workflow_id       VARCHAR(64),
    local_id          VARCHAR(300),
    subject           VARCHAR(300),
    file_name         VARCHAR(300),
    content_type      VARCHAR(100),
    content_encoding  VARCHAR(16),
    total_chunks      INT          NOT NULL,
    file_size         INT,
    status            VARCHAR(16)  NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_at        TIMESTAMP WITH TIME ZONE,
    acknowledged_at   TIMESTAMP WITH TIME ZONE,
    linked_message_id VARCHAR(40),
    hub_message_id    VARCHAR(36),
    status_code       VARCHAR(4),
    status_text       VARCHAR(1000)
);
CREATE INDEX IF NOT EXISTS ix_mesh_inbox ON mesh_message (recipient_mailbox, status, created_at);
CREATE INDEX IF NOT EXISTS ix_mesh_outbox ON mesh_message (sender_mailbox, created_at);

CREATE TABLE IF NOT EXISTS mesh_chunk (
    message_id VARCHAR(40) NOT NULL,
    chunk_no   INT         NOT NULL,
    body       BYTEA       NOT NULL,
    size_bytes INT         NOT NULL,
    PRIMARY KEY (message_id, chunk_no)
);

-- Each NHSMESH token is good once: its mailbox, nonce and nonce count, remembered here for twice the clock window
-- (past that its time alone refuses it), so that every instance of the hub, and a restarted one, refuses a replay.
CREATE TABLE IF NOT EXISTS mesh_token_used (
    use_key VARCHAR(300) PRIMARY KEY,
    used_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_mesh_token_used_at ON mesh_token_used (used_at);

-- When a share waiting in a MESH inbox passed the time MESH allows uncollected (hub.mesh.uncollected-after), and its
-- sender was told: once per share. The share itself stays.
ALTER TABLE delivery ADD COLUMN IF NOT EXISTS uncollected_at TIMESTAMP WITH TIME ZONE;
