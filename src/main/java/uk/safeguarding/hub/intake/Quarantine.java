package uk.safeguarding.hub.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * Keeps every refused message with its reason, audits the refusal, and answers the sender. Called by the intake
 * route's error handling; the refused message goes nowhere else.
 */
@Component
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final OperationOutcomes outcomes;
    private final Clock clock;

    private final uk.safeguarding.hub.vault.Vault vault;

    public Quarantine(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            OperationOutcomes outcomes,
            Clock clock,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    static final String REASON = "quarantine.reason";
    static final String DISCARD_REASON = "quarantine.discard_reason";
    static final String BODY = "quarantine.body";

    public IntakeResponse refuse(MessageRefused refused, byte[] body, String agency) {
        String id = UUID.randomUUID().toString();
        tx.executeWithoutResult(status -> {
            jdbc.update(
                    "INSERT INTO quarantine (quarantine_id, received_at, sender_agency, status, reason, body)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    Timestamp.from(Instant.now(clock)),
                    agency,
                    refused.status(),
                    // The reason can quote what was sent (an NHS number): sealed like the content.
                    vault.sealText(uk.safeguarding.hub.vault.Purpose.QUARANTINE, refused.getMessage(), REASON),
                    // What was sent, kept for the operators' inquiry: sealed, never in clear.
                    body == null ? null : vault.seal(uk.safeguarding.hub.vault.Purpose.QUARANTINE, body, BODY));
            audit.append(new AuditTrail.Entry(
                    AuditType.REFUSED,
                    null,
                    agency,
                    null,
                    null,
                    new AuditDetail.Refused(id, refused.status(), refused.getMessage())));
        });
        // The reason can name a person (an NHS number): it stays in the quarantine table, out of the log.
        log.info("Refused a message from {} with {} (quarantine {})", agency, refused.status(), id);
        return new IntakeResponse(refused.status(), outcomes.toJson(refused));
    }

    /** Removes refused messages received before {@code before}, for the retention job; returns how many went. */
    public int prune(Instant before) {
        return tx.execute(s -> jdbc.update("DELETE FROM quarantine WHERE received_at < ?", Timestamp.from(before)));
    }
}
