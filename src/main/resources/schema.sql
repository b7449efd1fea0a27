-- The hub's database. Every statement is idempotent: it runs at every start.

CREATE TABLE IF NOT EXISTS inbound_message (
    hub_message_id    VARCHAR(36)  PRIMARY KEY,
    sender_agency     VARCHAR(64)  NOT NULL,
    sender_message_id VARCHAR(128) NOT NULL,
    event             VARCHAR(64)  NOT NULL,
    subject_nhs       VARCHAR(10),
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    rule_version      INT          NOT NULL,
    receipt           CLOB,
    CONSTRAINT uq_inbound_sender_message UNIQUE (sender_agency, sender_message_id)
);

CREATE TABLE IF NOT EXISTS decision (
    hub_message_id  VARCHAR(36) NOT NULL,
    agency          VARCHAR(64) NOT NULL,
    outcome         VARCHAR(16) NOT NULL,
    basis           VARCHAR(32),
    rule_id         VARCHAR(128),
    rule_version    INT,
    inform_subject  BOOLEAN,
    urgent          BOOLEAN     NOT NULL,
    profile         VARCHAR(64),
    reasons         CLOB        NOT NULL,
    PRIMARY KEY (hub_message_id, agency)
);

-- The outbox: a share is stored here in the same transaction as the message and its decisions, then relayed to
-- the recipient's queue; the sealed copy stays until acknowledged (fetching reads it here). status PENDING ->
-- QUEUED -> ACKED; a consent-based share not yet collected when the consent is withdrawn goes RECALLING (taken
-- off its queue) -> RECALLED.
CREATE TABLE IF NOT EXISTS delivery (
    delivery_id      VARCHAR(36) PRIMARY KEY,
    hub_message_id   VARCHAR(36) NOT NULL,
    recipient_agency VARCHAR(64) NOT NULL,
    event            VARCHAR(64) NOT NULL,
    sender_agency    VARCHAR(64) NOT NULL,
    basis            VARCHAR(32) NOT NULL,
    urgent           BOOLEAN     NOT NULL,
    received_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    size_bytes       INT         NOT NULL,
    status           VARCHAR(16) NOT NULL,
    payload          BLOB,
    queued_at        TIMESTAMP WITH TIME ZONE,
    acked_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX IF NOT EXISTS ix_delivery_status ON delivery (status, received_at);

CREATE TABLE IF NOT EXISTS family_link (
    service_user_nhs  VARCHAR(10)  NOT NULL,
    child_key         VARCHAR(40)  NOT NULL,
    child_nhs         VARCHAR(10),
    birth_date        DATE,
    expected_delivery DATE,
    relationship      VARCHAR(16)  NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (service_user_nhs, child_key)
);

CREATE TABLE IF NOT EXISTS safeguarding_flag (
    child_key       VARCHAR(40) NOT NULL,
    flag_type       VARCHAR(32) NOT NULL,
    active          BOOLEAN     NOT NULL,
    period_start    DATE,
    period_end      DATE,
    updated_by      VARCHAR(64) NOT NULL,
    hub_message_id  VARCHAR(36) NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (child_key, flag_type)
);

CREATE TABLE IF NOT EXISTS consent_record (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    service_user_nhs VARCHAR(10)  NOT NULL,
    recording_agency VARCHAR(64)  NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    roles            VARCHAR(256) NOT NULL,
    purposes         VARCHAR(256) NOT NULL,
    period_start     DATE,
    period_end       DATE,
    recorded_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    hub_message_id   VARCHAR(36)  NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_consent_user ON consent_record (service_user_nhs);

CREATE TABLE IF NOT EXISTS involvement (
    agency_id  VARCHAR(64) NOT NULL,
    person_key VARCHAR(40) NOT NULL,
    last_seen  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (agency_id, person_key)
);

CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id VARCHAR(36) PRIMARY KEY,
    received_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    sender_agency VARCHAR(64),
    status        INT         NOT NULL,
    reason        CLOB        NOT NULL,
    body          BLOB
);

-- The audit trail: append-only, each entry holding the hash of the one before.
CREATE TABLE IF NOT EXISTS audit_entry (
    seq            BIGINT       PRIMARY KEY,
    recorded_at    VARCHAR(40)  NOT NULL,
    entry_type     VARCHAR(32)  NOT NULL,
    hub_message_id VARCHAR(36),
    agency         VARCHAR(64),
    subject_nhs    VARCHAR(10),
    event          VARCHAR(64),
    detail         CLOB         NOT NULL,
    prev_hash      VARCHAR(64)  NOT NULL,
    hash           VARCHAR(64)  NOT NULL
);

-- One row: the chain's head. Appends lock it, so the chain stays one line even with several writers.
CREATE TABLE IF NOT EXISTS audit_head (
    id   INT         PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
    SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000'
    WHERE NOT EXISTS (SELECT 1 FROM audit_head);

-- Added by later versions; ALTER ... IF NOT EXISTS upgrades a database made by an earlier one.
-- body and facts let a dry run decide an old message again with the registers as they stood then.
ALTER TABLE inbound_message ADD COLUMN IF NOT EXISTS body BLOB;
ALTER TABLE inbound_message ADD COLUMN IF NOT EXISTS facts CLOB;
ALTER TABLE decision ADD COLUMN IF NOT EXISTS role VARCHAR(32);
ALTER TABLE decision ADD COLUMN IF NOT EXISTS withheld_because VARCHAR(32);
ALTER TABLE decision ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR(36);
ALTER TABLE delivery ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR(36);
ALTER TABLE delivery ADD COLUMN IF NOT EXISTS alerted_at TIMESTAMP WITH TIME ZONE;
-- An acknowledgement through the mailbox API is recorded at once; the message leaves the queue in a later batch.
ALTER TABLE delivery ADD COLUMN IF NOT EXISTS dequeued_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS ix_delivery_dequeue ON delivery (status, dequeued_at);
CREATE INDEX IF NOT EXISTS ix_inbound_received ON inbound_message (received_at);
CREATE INDEX IF NOT EXISTS ix_delivery_message ON delivery (hub_message_id);

-- Referrals (and mandatory referrals) that reached children's social care, keyed by the child or pregnancy.
CREATE TABLE IF NOT EXISTS referral_record (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    concerns       VARCHAR(64) NOT NULL,
    hub_message_id VARCHAR(36) NOT NULL,
    event          VARCHAR(64) NOT NULL,
    sender_agency  VARCHAR(64) NOT NULL,
    sender_role    VARCHAR(32) NOT NULL,
    csc_agency     VARCHAR(64) NOT NULL,
    referred_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_referral_concerns ON referral_record (concerns);

-- Every version of the sharing rules ever applied, with who changed them and why. The highest version runs.
CREATE TABLE IF NOT EXISTS rule_set_version (
    version    INT          PRIMARY KEY,
    yaml       CLOB         NOT NULL,
    changed_by VARCHAR(128) NOT NULL,
    reason     CLOB         NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
