package uk.safeguarding.hub.e2e;

import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * An agency's MLLP client over TLS: camel-mllp as producer, with the agency's development certificate. It keeps its
 * connection until closed (the hub serves at most {@code hub.mllp.max-connections} at once).
 */
final class MllpClient implements AutoCloseable {

    private final CamelContext camel;
    private final int port;
    // One template for the client's life: a template per message made a producer, so a TLS handshake, per message.
    private ProducerTemplate template;

    MllpClient(CamelContext camel, int port) {
        this.camel = camel;
        this.port = port;
    }

    /** Sends as the agency; returns the ACK (null when there was none), the exchange for anything else. */
    synchronized Exchange exchange(String agency, byte[] er7) {
        String tls = "agency-tls-" + agency;
        if (camel.getRegistry().lookupByName(tls) == null) {
            SSLContextParameters params = new SSLContextParameters();
            if (agency != null) {
                KeyStoreParameters keyStore = store("file:" + TestPki.DIR + "/" + agency + ".p12");
                KeyManagersParameters keys = new KeyManagersParameters();
                keys.setKeyStore(keyStore);
                keys.setKeyPassword("changeit");
                params.setKeyManagers(keys);
            }
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store("file:" + TestPki.DIR + "/ca-truststore.p12"));
            params.setTrustManagers(trust);
            camel.getRegistry().bind(tls, params);
        }
        if (template == null) {
            template = camel.createProducerTemplate();
        }
        return template.send(
                "mllp://localhost:" + port + "?sslContextParameters=#" + tls + "&receiveTimeout=5000&readTimeout=5000",
                e -> e.getIn().setBody(er7));
    }

    String send(String agency, String er7) {
        return send(agency, er7.getBytes(StandardCharsets.UTF_8));
    }

    /** The ACK the hub answered with, or null when there was none. */
    String send(String agency, byte[] er7) {
        return exchange(agency, er7).getMessage().getHeader("CamelMllpAcknowledgementString", String.class);
    }

    private static KeyStoreParameters store(String resource) {
        KeyStoreParameters p = new KeyStoreParameters();
        p.setResource(resource);
        p.setPassword("changeit");
        p.setType("PKCS12");
        return p;
    }

    @Override
    public synchronized void close() {
        if (template != null) {
            try {
                template.stop(); // stops its producers, so closes their connections
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
