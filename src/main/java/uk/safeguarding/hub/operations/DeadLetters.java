package uk.safeguarding.hub.operations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.intake.BrokerFailures;

/**
 * The messages on the dead-letter queues, for operations: each with where it came from, what it is (a share's
 * delivery and hub message ids, event and recipient; an intake message's sender), how often it was tried and why
 * it last failed, never its content. An operator retries one, a selection, or the first N, after a preview; or
 * discards them with a reason (a discarded share is marked DISCARDED and never delivered). Every action audited.
 */
@Component
public class DeadLetters {

    /** The most a page lists or one action touches. */
    public static final int LIMIT = 200;

    public record Letter(
            String queue,
            long id,
            String cameFrom,
            Instant queuedAt,
            String deliveryId,
            String hubMessageId,
            String event,
            String agency,
            Integer attempts,
            String reason) {}

    private final Queues queues;
    private final MessageRecords records;
    private final BrokerFailures failures;
    private final AuditTrail audit;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetters(Queues queues, MessageRecords records, BrokerFailures failures, AuditTrail audit) {
        this.queues = queues;
        this.records = records;
        this.failures = failures;
        this.audit = audit;
    }

    public static List<String> queueNames() {
        return Queues.DEAD_LETTERS;
    }

    /** Up to {@code limit} letters of one dead-letter queue, oldest first; empty for a queue that is not one. */
    public List<Letter> list(String queue, int limit) throws Exception {
        Optional<Queues.QueueOperations> ops = dead(queue);
        if (ops.isEmpty()) {
            return List.of();
        }
        List<Letter> letters = new ArrayList<>();
        for (Map<String, Object> m : ops.get().list(null)) {
            if (letters.size() >= Math.min(limit, LIMIT)) {
                break;
            }
            letters.add(letter(queue, m));
        }
        return letters;
    }

    /** The letters with these ids, as they stand (for the preview of an action). */
    public List<Letter> find(String queue, List<Long> ids) throws Exception {
        return list(queue, LIMIT).stream().filter(l -> ids.contains(l.id())).toList();
    }

    /** Sends these letters back to the queue they came from; returns how many went. */
    public int retry(String queue, List<Long> ids, String who) throws Exception {
        Optional<Queues.QueueOperations> ops = dead(queue);
        if (ops.isEmpty()) {
            return 0;
        }
        List<Letter> letters = find(queue, ids);
        List<String> moved = new ArrayList<>();
        for (Letter l : letters) {
            if (ops.get().retry(l.id())) {
                moved.add(l.deliveryId() != null ? l.deliveryId() : String.valueOf(l.id()));
            }
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("queue", queue);
        detail.put("moved", moved.size());
        detail.put("messages", moved);
        detail.put("by", who);
        audit.append(new AuditTrail.Entry(AuditType.QUEUE_RETRIED, null, null, null, null, detail));
        return moved.size();
    }

    /** Takes these letters off the queue for good, with the operator's reason; returns how many. */
    public int discard(String queue, List<Long> ids, String who, String reason) throws Exception {
        Optional<Queues.QueueOperations> ops = dead(queue);
        if (ops.isEmpty()) {
            return 0;
        }
        int discarded = 0;
        for (Letter l : find(queue, ids)) {
            if (!ops.get().remove(l.id())) {
                continue;
            }
            discarded++;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("queue", queue);
            detail.put("message", l.deliveryId() != null ? l.deliveryId() : String.valueOf(l.id()));
            detail.put("by", who);
            detail.put("reason", reason);
            if (l.deliveryId() != null) {
                records.discardQueued(l.deliveryId()); // never to be delivered: its sealed copy goes
            }
            audit.append(new AuditTrail.Entry(
                    AuditType.DEAD_LETTER_DISCARDED, l.hubMessageId(), l.agency(), null, l.event(), detail));
        }
        return discarded;
    }

    private Optional<Queues.QueueOperations> dead(String queue) throws Exception {
        return Queues.DEAD_LETTERS.contains(queue) ? queues.operations(queue) : Optional.empty();
    }

    private Letter letter(String queue, Map<String, Object> m) {
        long id = ((Number) m.get("messageID")).longValue();
        Object origin = m.get("_AMQ_ORIG_QUEUE");
        Object timestamp = m.get("timestamp");
        Instant queuedAt = timestamp instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
        String deliveryId = text(m.get("deliveryId"));
        if (deliveryId != null) {
            // A share: the last push attempt the audit trail holds for it says how often and why.
            Integer attempts = null;
            String reason = "no push attempt recorded";
            String hubId = text(m.get("hubMessageId"));
            List<AuditTrail.Recorded> entries = new ArrayList<>(audit.about(hubId));
            java.util.Collections.reverse(entries);
            for (AuditTrail.Recorded entry : entries) {
                if (entry.type() != AuditType.DEAD_LETTERED && entry.type() != AuditType.PUSH_FAILED) {
                    continue;
                }
                JsonNode d = json.readTree(entry.detail());
                if (deliveryId.equals(d.path("deliveryId").asString(null))) {
                    attempts = d.path("attempt").asInt();
                    reason = d.path("outcome").asString("");
                    break;
                }
            }
            return new Letter(
                    queue,
                    id,
                    text(origin),
                    queuedAt,
                    deliveryId,
                    hubId,
                    text(m.get("event")),
                    text(m.get("recipientAgency")),
                    attempts,
                    reason);
        }
        String jmsId = "ID:" + text(m.get("userID"));
        Optional<BrokerFailures.Failure> failure = failures.of(jmsId);
        return new Letter(
                queue,
                id,
                text(origin),
                queuedAt,
                null,
                null,
                null,
                text(m.get("_AMQ_VALIDATED_USER")),
                failure.map(BrokerFailures.Failure::attempt).orElse(null),
                failure.map(BrokerFailures.Failure::reason).orElse("no failure recorded"));
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
