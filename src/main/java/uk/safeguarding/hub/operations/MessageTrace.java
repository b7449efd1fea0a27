package uk.safeguarding.hub.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.delivery.MessageRecords;

/**
 * What happened to one message, for operations: received, each candidate's decision (rule, version, basis,
 * reasons), each share's way (queued, fetched, acknowledged, recalled, alerted), and the audit entries about it,
 * with times. Never the message's content; NHS numbers in the reasons are masked. Every look-up uses an index:
 * the hub id, the sender and its message id, the NHS number, or a time range (with an event).
 */
@Component
public class MessageTrace {

    static final int MOST_FOUND = 50;
    private static final Pattern NHS_NUMBER = Pattern.compile("\\b\\d{10}\\b");

    public record Found(String hubMessageId, String event, String senderAgency, String receivedAt) {}

    public record Step(String at, String what, String agency, String detail) {}

    public record Trace(
            String hubMessageId,
            String senderAgency,
            String senderMessageId,
            String event,
            String receivedAt,
            int ruleVersion,
            List<Map<String, Object>> decisions,
            List<Map<String, Object>> shares,
            List<Step> steps) {}

    private final MessageRecords records;
    private final AuditTrail audit;

    public MessageTrace(MessageRecords records, AuditTrail audit) {
        this.records = records;
        this.audit = audit;
    }

    /** Messages matching one indexed key, newest first, at most 50. */
    public List<Found> find(
            String hubId,
            String senderAgency,
            String senderMessageId,
            String nhs,
            Instant from,
            Instant to,
            String event) {
        return records.find(hubId, senderAgency, senderMessageId, nhs, from, to, event, MOST_FOUND).stream()
                .map(r -> new Found(
                        (String) r.get("HUB_MESSAGE_ID"),
                        (String) r.get("EVENT"),
                        (String) r.get("SENDER_AGENCY"),
                        instant(r.get("RECEIVED_AT")).toString()))
                .toList();
    }

    public Optional<Trace> of(String hubId) {
        Optional<Map<String, Object>> message = records.message(hubId);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = message.get();
        List<Map<String, Object>> decisions = records.decisions(hubId);
        decisions.forEach(d -> d.put("REASONS", mask((String) d.get("REASONS"))));
        List<Step> steps = new ArrayList<>();
        for (AuditTrail.Recorded r : audit.about(hubId)) {
            boolean plain = r.type() == AuditType.DECIDED || r.type() == AuditType.RECEIVED;
            steps.add(new Step(r.recordedAt(), r.type().name(), r.agency(), plain ? "" : mask(r.detail())));
        }
        return Optional.of(new Trace(
                hubId,
                (String) m.get("SENDER_AGENCY"),
                (String) m.get("SENDER_MESSAGE_ID"),
                (String) m.get("EVENT"),
                instant(m.get("RECEIVED_AT")).toString(),
                ((Number) m.get("RULE_VERSION")).intValue(),
                decisions,
                records.shares(hubId),
                steps));
    }

    /** Operations see that a child was the reason, not which child. */
    static String mask(String text) {
        return text == null ? null : NHS_NUMBER.matcher(text).replaceAll("(NHS number)");
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }
}
