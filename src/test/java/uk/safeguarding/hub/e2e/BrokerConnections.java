package uk.safeguarding.hub.e2e;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A Core connection over TLS to a test hub's broker, as an agency (its development key store) or as nobody. */
final class BrokerConnections {

    private BrokerConnections() {}

    static Connection connect(String keyStore, int port) throws JMSException {
        String url = "tcp://localhost:" + port + "?sslEnabled=true"
                + (keyStore == null
                        ? ""
                        : ";keyStoreType=PKCS12;keyStorePath=" + TestPki.DIR + "/" + keyStore
                                + ".p12;keyStorePassword=changeit")
                + ";trustStoreType=PKCS12;trustStorePath=" + TestPki.DIR
                + "/ca-truststore.p12;trustStorePassword=changeit"
                + ";reconnectAttempts=0;initialConnectAttempts=1;callTimeout=5000;connectTimeoutMillis=5000";
        Connection c = new ActiveMQConnectionFactory(url).createConnection();
        c.start();
        return c;
    }
}
