package uk.safeguarding.hub.delivery;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.springframework.beans.factory.ObjectProvider;
import uk.safeguarding.hub.message.QueueAddress;

/**
 * Sees an agency collect a share from its mailbox over JMS (an acknowledgement by a consumer that is not the hub)
 * and records it as the mailbox API's acknowledgement would be.
 */
public class CollectionPlugin implements ActiveMQServerMessagePlugin {

    private final ObjectProvider<Acknowledgements> collections;
    private volatile ActiveMQServer server;

    public CollectionPlugin(ObjectProvider<Acknowledgements> collections) {
        this.collections = collections;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void messageAcknowledged(Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer)
            throws ActiveMQException {
        if (reason != AckReason.NORMAL
                || consumer == null
                || server == null
                || !QueueAddress.MAILBOX.isAgencyAddress(
                        ref.getQueue().getName().toString())) {
            return;
        }
        ServerSession session = server.getSessionByID(consumer.getSessionID());
        String user = session == null ? null : session.getValidatedUser();
        if (user == null || Notices.HUB.equals(user)) {
            return;
        }
        Object deliveryId = ref.getMessage().getObjectProperty("deliveryId");
        if (deliveryId != null) {
            collections.getObject().acknowledge(user, deliveryId.toString(), Acknowledgements.Via.BROKER);
        }
    }
}
