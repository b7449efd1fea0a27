package uk.safeguarding.hub.intake;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.spi.Registry;
import uk.safeguarding.hub.message.Accepted;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.SenderCheck;

/**
 * The beans of the real accept route (routes/accept.camel.yaml) for route tests without a database: the real
 * sender check; decide and protect pass the message on; store records it (or fails, as a database that is down
 * would) and answers with the given delivery ids; nothing was accepted before.
 */
public class AcceptStandIns {

    public final List<InboundMessage> accepted = new ArrayList<>();
    public boolean fail;
    private final List<String> deliveryIds;

    public AcceptStandIns(String... deliveryIds) {
        this.deliveryIds = List.of(deliveryIds);
    }

    public void bindTo(Registry registry, SenderCheck senderCheck) {
        registry.bind("senderCheck", senderCheck);
        registry.bind("messageAcceptance", new Store());
        registry.bind("sharingDecisions", new PassOn());
        registry.bind("protection", new PassOn());
        registry.bind("recalls", new PassOn());
    }

    public class Store {
        public Accepted earlier(InboundMessage message) {
            return null;
        }

        public Accepted store(InboundMessage message) {
            if (fail) {
                throw new IllegalStateException("database unavailable");
            }
            accepted.add(message);
            return new Accepted(message.hubMessageId(), "{\"resourceType\":\"Bundle\"}", deliveryIds, false, false);
        }
    }

    public static class PassOn {
        public InboundMessage decide(InboundMessage message) {
            return message;
        }

        public InboundMessage protect(InboundMessage message) {
            return message;
        }

        public void takeOffQueues() {}
    }
}
