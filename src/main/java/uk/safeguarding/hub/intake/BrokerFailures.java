package uk.safeguarding.hub.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Why the broker intake last failed a message, kept by its JMS message id: the broker tries it again and, after its
 * last try, dead-letters it without a reason; operations read the reason here (DeadLetters). Written outside the
 * route's transaction, which rolls back.
 */
@Component("brokerFailures")
public class BrokerFailures {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    private final uk.safeguarding.hub.vault.Vault vault;

    public BrokerFailures(JdbcTemplate jdbc, Clock clock, uk.safeguarding.hub.vault.Vault vault) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.vault = vault;
    }

    /** A parser's reason can quote the message (an NHS number): sealed like quarantined content. */
    static final String REASON = "broker_failure.reason";

    /** Set by the route's first step, which reads the JMS message (later steps replace it). */
    static final String ATTEMPT = "brokerAttempt";

    public void record(Exchange exchange) throws Exception {
        String id = exchange.getProperty("replyCorrelation", String.class);
        Integer attempt = exchange.getProperty(ATTEMPT, Integer.class);
        if (id == null && exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            id = jms.getJmsMessage().getJMSMessageID();
            attempt = jms.getJmsMessage().getIntProperty("JMSXDeliveryCount");
        }
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        record(
                id,
                attempt == null ? 0 : attempt,
                failure == null ? "unknown" : failure.getClass().getSimpleName() + ": " + failure.getMessage());
    }

    protected void record(String jmsMessageId, int attempt, String reason) {
        if (jmsMessageId == null) {
            return;
        }
        jdbc.update("DELETE FROM broker_failure WHERE jms_message_id = ?", jmsMessageId);
        jdbc.update(
                "INSERT INTO broker_failure (jms_message_id, attempt, reason, failed_at) VALUES (?, ?, ?, ?)",
                jmsMessageId,
                attempt,
                vault.sealText(
                        uk.safeguarding.hub.vault.Purpose.QUARANTINE,
                        reason.length() > 2000 ? reason.substring(0, 2000) : reason,
                        REASON),
                Timestamp.from(Instant.now(clock)));
    }

    /** The last failure recorded for a message the broker holds (by its JMS id): how many tries, and why. */
    public record Failure(int attempt, String reason) {}

    public java.util.Optional<Failure> of(String jmsMessageId) {
        return jdbc
                .query(
                        "SELECT attempt, reason FROM broker_failure WHERE jms_message_id = ?",
                        (rs, i) -> new Failure(
                                rs.getInt(1),
                                vault.openText(uk.safeguarding.hub.vault.Purpose.QUARANTINE, rs.getString(2), REASON)),
                        jmsMessageId)
                .stream()
                .findFirst();
    }
}
