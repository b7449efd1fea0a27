-- The vault's data keys (uk.safeguarding.hub.vault): AES-256 keys, one in force per purpose, each stored wrapped
-- (AES-GCM) by the key-encryption key hub.vault.key, which never enters the database. A value sealed under a key
-- names its key_id; retired keys stay to open what they sealed.
CREATE TABLE IF NOT EXISTS vault_key (
    key_id     INT          PRIMARY KEY,
    purpose    VARCHAR(32)  NOT NULL,
    wrapped    BYTEA        NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at TIMESTAMP WITH TIME ZONE
);
