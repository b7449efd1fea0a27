-- When the hub rewrote what an earlier version had stored in clear (system.VaultUpgrade): done once, so that later
-- starts do not scan the tables again to find nothing.
CREATE TABLE IF NOT EXISTS vault_upgrade (
    id             INT          PRIMARY KEY,
    done_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    rows_rewritten INT          NOT NULL
);
