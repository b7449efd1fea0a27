package uk.safeguarding.hub.system;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.register.Registers;
import uk.safeguarding.hub.retention.LegalHolds;

/**
 * A database written before the vault hashed NHS numbers is rewritten once, at start, before any route runs: the
 * registers, the messages' subjects and named children, and the legal holds (each in the table's owner). A
 * database already rewritten costs a few empty queries. Audit entries are not rewritten: the chain covers them as
 * written, so they stay as they were (and are found by the number or its hash) until retention prunes them.
 */
@Component
class VaultUpgrade implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(VaultUpgrade.class);

    private final Registers registers;
    private final MessageRecords messages;
    private final LegalHolds holds;
    private final TransactionTemplate tx;

    VaultUpgrade(Registers registers, MessageRecords messages, LegalHolds holds, TransactionTemplate tx) {
        this.registers = registers;
        this.messages = messages;
        this.holds = holds;
        this.tx = tx;
    }

    @java.lang.Override
    public void afterSingletonsInstantiated() {
        Integer rewritten = tx.execute(s -> registers.upgrade() + messages.upgrade() + holds.upgrade());
        if (rewritten != null && rewritten > 0) {
            log.info("NHS numbers written before the vault: {} rows hashed and sealed", rewritten);
        }
    }
}
