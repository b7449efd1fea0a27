package uk.safeguarding.hub.system;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.register.Registers;
import uk.safeguarding.hub.retention.LegalHolds;

/**
 * A database written before the vault hashed NHS numbers is rewritten once, at start, before any route runs: the
 * registers, the messages' subjects and named children, and the legal holds (each in the table's owner). That it was
 * done is kept (table {@code vault_upgrade}), so later starts do not scan the tables again. Audit entries are not
 * rewritten: the chain covers them as written, so they stay as they were (and are found by the number or its hash)
 * until retention prunes them.
 */
@Component
class VaultUpgrade implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(VaultUpgrade.class);

    private final Registers registers;
    private final MessageRecords messages;
    private final LegalHolds holds;
    private final TransactionTemplate tx;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    VaultUpgrade(
            Registers registers,
            MessageRecords messages,
            LegalHolds holds,
            TransactionTemplate tx,
            JdbcTemplate jdbc,
            Clock clock) {
        this.registers = registers;
        this.messages = messages;
        this.holds = holds;
        this.tx = tx;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether the rewrite is recorded as done. */
    boolean done() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM vault_upgrade", Integer.class) > 0;
    }

    @java.lang.Override
    public void afterSingletonsInstantiated() {
        if (done()) {
            return;
        }
        try {
            Integer rewritten = tx.execute(s -> {
                int n = registers.upgrade() + messages.upgrade() + holds.upgrade();
                jdbc.update(
                        "INSERT INTO vault_upgrade (id, done_at, rows_rewritten) VALUES (1, ?, ?)",
                        Timestamp.from(Instant.now(clock)),
                        n);
                return n;
            });
            if (rewritten != null && rewritten > 0) {
                log.info("NHS numbers written before the vault: {} rows hashed and sealed", rewritten);
            }
        } catch (DuplicateKeyException another) {
            // Another instance starting at the same time did it first; this one's work is rolled back.
        }
    }
}
