package uk.safeguarding.hub.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The hub's queues on the embedded broker (API.md {@code GET /api/queues}, {@code POST /api/queues/{name}/retry}):
 * every mailbox, intake, receipts and push queue with its depth, the age of its oldest message and its consumers,
 * and the dead-letter queues, whose messages an operator can send back to where they came from (audited).
 */
@Component
public class Queues {

    public record QueueState(String name, long depth, Long oldestAgeSeconds, int consumers, boolean deadLetters) {}

    static final List<String> DEAD_LETTERS = List.of("DLQ.push", "DLQ.hub.intake");

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final AgencyRegister agencies;
    private final AuditTrail audit;
    private final Clock clock;

    public Queues(ObjectProvider<EmbeddedActiveMQ> broker, AgencyRegister agencies, AuditTrail audit, Clock clock) {
        this.broker = broker;
        this.agencies = agencies;
        this.audit = audit;
        this.clock = clock;
    }

    public List<QueueState> all() {
        List<String> names = new ArrayList<>(List.of("hub.intake", "push.outbound"));
        agencies.all().forEach(a -> names.addAll(List.of("mailbox." + a.id(), "intake." + a.id(), "receipts." + a.id())));
        names.addAll(DEAD_LETTERS);
        List<QueueState> states = new ArrayList<>();
        for (String name : names) {
            queue(name).ifPresent(q -> states.add(new QueueState(name, q.getMessageCount(), oldestAge(q),
                    q.getConsumerCount(), DEAD_LETTERS.contains(name))));
        }
        return states;
    }

    /** Sends a dead-letter queue's messages back to their original queues; empty when it is not one. */
    public Optional<Integer> retry(String name, String who) throws Exception {
        if (!DEAD_LETTERS.contains(name)) {
            return Optional.empty();
        }
        Optional<Queue> queue = queue(name);
        if (queue.isEmpty()) {
            return Optional.empty();
        }
        int moved = queue.get().retryMessages(null);
        audit.append(new AuditTrail.Entry("QUEUE_RETRIED", null, null, null, null,
                Map.of("queue", name, "moved", moved, "by", who)));
        return Optional.of(moved);
    }

    private Optional<Queue> queue(String name) {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        ActiveMQServer server = embedded == null ? null : embedded.getActiveMQServer();
        return server == null ? Optional.empty() : Optional.ofNullable(server.locateQueue(name));
    }

    private Long oldestAge(Queue q) {
        try (LinkedListIterator<MessageReference> it = q.browserIterator()) {
            if (!it.hasNext()) {
                return null;
            }
            long timestamp = it.next().getMessage().getTimestamp();
            return Duration.between(Instant.ofEpochMilli(timestamp), Instant.now(clock)).toSeconds();
        }
    }
}
