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
 * The baseline: durable send-and-receive of payloads of the hub's size on an Artemis configured as the hub's
 * embedded one (persistent NIO journal, syncing on), with no hub in between. The broker runs as a process of its
 * own ({@link #main}: journal folder, port), so the load tool can pin it to a core as it pins the hub; producers
 * send persistent messages over TCP, each with a transacted commit as the hub's relay does, and consumers receive
 * them. Messages received per second.
 */
public final class RawBroker {

    public static final String READY = "RAW-BROKER-READY";

    private RawBroker() {}

    /** {@code RawBroker <journal dir> <port>}: serves until killed. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dir.resolve("large").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + args[1] + "?protocols=CORE");
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Durable send-and-receive against the broker at {@code url}, measured for {@code millis} after 1 s. */
    public static double messagesPerSecond(String url, int producers, int payloadBytes, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong received = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
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
        }
    }
}
