package uk.safeguarding.hub.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The baseline: durable send-and-receive of payloads of the hub's size on an embedded Artemis configured as the
 * hub's (persistent NIO journal, syncing on), with no hub in between. Producers send persistent messages, each
 * with a transacted commit as the hub's relay does; consumers receive them. Messages received per second.
 */
public final class RawBroker {

    private RawBroker() {}

    public static double messagesPerSecond(Path dir, int producers, int payloadBytes, long millis) throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("in-vm", "vm://1");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://1");
                Connection connection = factory.createConnection()) {
            connection.start();
            byte[] payload = new byte[payloadBytes];
            for (int p = 0; p < producers; p++) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue("raw.mailbox"));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            BytesMessage m = session.createBytesMessage();
                            m.writeBytes(payload);
                            producer.send(m);
                            session.commit();
                        }
                    } catch (Exception e) {
                        if (!stop.get()) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
                Session consumerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = consumerSession.createConsumer(consumerSession.createQueue("raw.mailbox"));
                threads.add(new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            if (consumer.receive(100) != null) {
                                received.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        if (!stop.get()) {
                            throw new IllegalStateException(e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(1000);
            long start = received.get();
            long began = System.nanoTime();
            Thread.sleep(millis);
            double rate = (received.get() - start) / ((System.nanoTime() - began) / 1e9);
            stop.set(true);
            for (Thread t : threads) {
                t.join(5000);
            }
            return rate;
        } finally {
            broker.stop();
        }
    }
}
