package uk.safeguarding.hub.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.utils.collections.LinkedListIterator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.artemis.autoconfigure.ArtemisProperties;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.message.QueueAddress;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The hub's queues on the broker (docs/interfaces.md: {@code GET /api/queues}, {@code POST /api/queues/{name}/retry}):
 * every mailbox, intake, receipts and push queue with its depth, the age of its oldest message and its consumers,
 * and the dead-letter queues, whose messages an operator can send back to where they came from (audited). The
 * embedded broker is read in process; an external one (profile shared) through its management address, as the
 * hub's broker user.
 */
@Component
public class Queues {

    public record QueueState(String name, long depth, Long oldestAgeSeconds, int consumers, boolean deadLetters) {}

    static final List<String> DEAD_LETTERS =
            List.of(QueueAddress.DEAD_PUSH.address(), QueueAddress.DEAD_HUB_INTAKE.address());

    private final ObjectProvider<EmbeddedActiveMQ> broker;
    private final ObjectProvider<ArtemisProperties> external;
    private final AgencyRegister agencies;
    private final AuditTrail audit;
    private final Clock clock;

    public Queues(
            ObjectProvider<EmbeddedActiveMQ> broker,
            ObjectProvider<ArtemisProperties> external,
            AgencyRegister agencies,
            AuditTrail audit,
            Clock clock) {
        this.broker = broker;
        this.external = external;
        this.agencies = agencies;
        this.audit = audit;
        this.clock = clock;
    }

    public List<QueueState> all() throws Exception {
        List<String> names = new ArrayList<>(List.of(QueueAddress.HUB_INTAKE.address(), QueueAddress.PUSH.address()));
        agencies.all()
                .forEach(a -> names.addAll(List.of(
                        QueueAddress.MAILBOX.of(a.id()),
                        QueueAddress.AGENCY_INTAKE.of(a.id()),
                        QueueAddress.RECEIPTS.of(a.id()))));
        names.addAll(DEAD_LETTERS);
        List<QueueState> states = new ArrayList<>();
        if (broker.getIfAvailable() == null) {
            manage((session, requestor) -> {
                for (String name : names) {
                    Object depth = attribute(session, requestor, name, "messageCount");
                    if (depth != null) {
                        Object age = attribute(session, requestor, name, "firstMessageAge");
                        states.add(new QueueState(
                                name,
                                ((Number) depth).longValue(),
                                age == null ? null : ((Number) age).longValue() / 1000,
                                ((Number) attribute(session, requestor, name, "consumerCount")).intValue(),
                                DEAD_LETTERS.contains(name)));
                    }
                }
                return null;
            });
            return states;
        }
        for (String name : names) {
            queue(name)
                    .ifPresent(q -> states.add(new QueueState(
                            name,
                            q.getMessageCount(),
                            oldestAge(q),
                            q.getConsumerCount(),
                            DEAD_LETTERS.contains(name))));
        }
        return states;
    }

    /** Sends a dead-letter queue's messages back to their original queues; empty when it is not one. */
    public Optional<Integer> retry(String name, String who) throws Exception {
        if (!DEAD_LETTERS.contains(name)) {
            return Optional.empty();
        }
        Integer moved;
        if (broker.getIfAvailable() == null) {
            moved = manage((session, requestor) -> {
                ClientMessage m = session.createMessage(false);
                ManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + name, "retryMessages");
                ClientMessage reply = requestor.request(m, 10_000);
                return reply != null && ManagementHelper.hasOperationSucceeded(reply)
                        ? ((Number) ManagementHelper.getResult(reply)).intValue()
                        : null;
            });
        } else {
            moved = queue(name)
                    .map(q -> {
                        try {
                            return q.retryMessages(null);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .orElse(null);
        }
        if (moved == null) {
            return Optional.empty();
        }
        audit.append(new AuditTrail.Entry(
                AuditType.QUEUE_RETRIED, null, null, null, null, Map.of("queue", name, "moved", moved, "by", who)));
        return Optional.of(moved);
    }

    /**
     * One queue's management operations (Artemis' QueueControl): in process on the embedded broker, as management
     * messages on an external one. Empty when the broker has no such queue.
     */
    Optional<QueueOperations> operations(String name) throws Exception {
        EmbeddedActiveMQ embedded = broker.getIfAvailable();
        if (embedded != null) {
            // The server's own queue: the management service's lookups are deprecated or need Hawtio.
            Optional<Queue> found = queue(name);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Queue queue = found.get();
            return Optional.of(new QueueOperations() {
                @Override
                public List<Map<String, Object>> list(String filter) {
                    List<Map<String, Object>> messages = new ArrayList<>();
                    try (LinkedListIterator<MessageReference> it = queue.browserIterator()) {
                        while (it.hasNext()) {
                            messages.add(it.next().getMessage().toMap());
                        }
                    }
                    return messages;
                }

                @Override
                public boolean retry(long id) throws Exception {
                    return queue.retryMessages(new OneMessage(id)) > 0;
                }

                @Override
                public boolean remove(long id) throws Exception {
                    return queue.deleteReference(id);
                }
            });
        }
        return Optional.of(new QueueOperations() {
            @Override
            @SuppressWarnings("unchecked")
            public List<Map<String, Object>> list(String filter) throws Exception {
                Object result = invoke(name, "listMessages", filter);
                List<Map<String, Object>> messages = new ArrayList<>();
                if (result instanceof Object[] all) {
                    for (Object m : all) {
                        messages.add((Map<String, Object>) m);
                    }
                }
                return messages;
            }

            @Override
            public boolean retry(long id) throws Exception {
                return Boolean.TRUE.equals(invoke(name, "retryMessage", id));
            }

            @Override
            public boolean remove(long id) throws Exception {
                return Boolean.TRUE.equals(invoke(name, "removeMessage", id));
            }
        });
    }

    /** The broker's filter for one message, by its id (as Artemis' own QueueControl.retryMessage does). */
    private record OneMessage(long id) implements org.apache.activemq.artemis.core.filter.Filter {
        @Override
        public boolean match(org.apache.activemq.artemis.api.core.Message message) {
            return message.getMessageID() == id;
        }

        @Override
        public boolean match(Map<String, String> map) {
            return false;
        }

        @Override
        public boolean match(org.apache.activemq.artemis.selector.filter.Filterable filterable) {
            return false;
        }

        @Override
        public org.apache.activemq.artemis.api.core.SimpleString getFilterString() {
            return org.apache.activemq.artemis.api.core.SimpleString.of("messageID=" + id);
        }
    }

    /** What DeadLetters does to one queue's messages, by the broker's message id. */
    interface QueueOperations {
        List<Map<String, Object>> list(String filter) throws Exception;

        boolean retry(long id) throws Exception;

        boolean remove(long id) throws Exception;
    }

    private Object invoke(String queue, String operation, Object... args) throws Exception {
        return manage((session, requestor) -> {
            ClientMessage m = session.createMessage(false);
            ManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + queue, operation, args);
            ClientMessage reply = requestor.request(m, 10_000);
            if (reply == null || !ManagementHelper.hasOperationSucceeded(reply)) {
                throw new IllegalStateException("the broker refused " + operation + " on " + queue);
            }
            return ManagementHelper.getResult(reply);
        });
    }

    private interface ManagementCall<T> {
        T apply(ClientSession session, ClientRequestor requestor) throws Exception;
    }

    private <T> T manage(ManagementCall<T> call) throws Exception {
        ArtemisProperties artemis = external.getObject();
        try (ServerLocator locator = ActiveMQClient.createServerLocator(artemis.getBrokerUrl());
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session =
                        factory.createSession(artemis.getUser(), artemis.getPassword(), false, true, true, false, 1)) {
            session.start();
            return call.apply(session, new ClientRequestor(session, "activemq.management"));
        }
    }

    /** A queue's attribute; null when the broker has no such queue. */
    private static Object attribute(ClientSession session, ClientRequestor requestor, String queue, String name)
            throws Exception {
        ClientMessage m = session.createMessage(false);
        ManagementHelper.putAttribute(m, ResourceNames.QUEUE + queue, name);
        ClientMessage reply = requestor.request(m, 10_000);
        return reply != null && ManagementHelper.hasOperationSucceeded(reply)
                ? ManagementHelper.getResult(reply)
                : null;
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
            return Duration.between(Instant.ofEpochMilli(timestamp), Instant.now(clock))
                    .toSeconds();
        }
    }
}
