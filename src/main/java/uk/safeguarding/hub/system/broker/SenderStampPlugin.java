package uk.safeguarding.hub.system.broker;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Stamps every message sent to the broker with the user its connection authenticated as, over whatever the sender
 * put there. The broker does this itself for Core ({@code populate-validated-user}), but an AMQP message keeps an
 * application property of that name as its sender wrote it: the intake must never take the sender's word for who
 * it is.
 */
class SenderStampPlugin implements ActiveMQServerMessagePlugin {

    static final String VALIDATED_USER = Message.HDR_VALIDATED_USER.toString();

    @Override
    public void beforeSend(
            ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue) {
        if (message instanceof org.apache.activemq.artemis.core.message.impl.CoreMessage) {
            return; // the broker stamps Core messages itself
        }
        String user = session == null ? null : session.getValidatedUser();
        if (user == null) {
            message.removeProperty(VALIDATED_USER);
        } else {
            message.putStringProperty(VALIDATED_USER, user);
        }
        // An AMQP message is copied (by the divert) from its encoded form: write the change into it.
        message.reencode();
    }
}
