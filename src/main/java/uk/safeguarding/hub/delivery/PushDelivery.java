package uk.safeguarding.hub.delivery;

import jakarta.jms.JMSException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * Push delivery (the {@code deliver-push} route's step): POSTs the sealed share to the agency's registered HTTPS
 * endpoint with mutual TLS (the hub's certificate; the endpoint must present one from the CA the register names).
 * A 2xx is the acknowledgement. Any other answer, or none, fails the step: the route's JMS transaction rolls
 * back and the broker tries again later (its address settings: exponential back-off, then the dead-letter queue).
 * Every try is audited; the last one also as DEAD_LETTERED.
 */
@Component
public class PushDelivery {

    /** A failed push: the transaction rolls back and the broker redelivers. */
    public static class PushFailed extends RuntimeException {
        PushFailed(String message) {
            super(message);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(PushDelivery.class);

    private final AgencyRegister agencies;
    private final SslBundles bundles;
    private final AuditTrail audit;
    private final Acknowledgements acknowledgements;
    private final JdbcTemplate jdbc;
    private final PushProperties properties;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final uk.safeguarding.hub.vault.Vault vault;

    public PushDelivery(
            AgencyRegister agencies,
            SslBundles bundles,
            AuditTrail audit,
            Acknowledgements acknowledgements,
            JdbcTemplate jdbc,
            PushProperties properties,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.agencies = agencies;
        this.bundles = bundles;
        this.audit = audit;
        this.acknowledgements = acknowledgements;
        this.jdbc = jdbc;
        this.properties = properties;
        // A rotated hub certificate: the next push connects with it.
        bundles.addBundleUpdateHandler("hub", updated -> clients.clear());
    }

    public void push(Exchange exchange) throws JMSException {
        jakarta.jms.Message raw = exchange.getIn(JmsMessage.class).getJmsMessage();
        String deliveryId = raw.getStringProperty("deliveryId");
        String agencyId = raw.getStringProperty("recipientAgency");
        int attempt = raw.getIntProperty("JMSXDeliveryCount");
        Agency agency = agencies.find(agencyId)
                .filter(Agency::pushes)
                .orElseThrow(() -> new PushFailed("no push endpoint is registered for " + agencyId));
        byte[] body = exchange.getIn().getBody(byte[].class);
        String outcome;
        boolean delivered = false;
        try {
            HttpResponse<String> response = client(agency)
                    .send(
                            HttpRequest.newBuilder(agency.pushUrl())
                                    .timeout(properties.timeout())
                                    .header("Content-Type", "application/pkcs7-mime")
                                    .header("X-Delivery-Id", deliveryId)
                                    .header("X-Hub-Message-Id", raw.getStringProperty("hubMessageId"))
                                    .header("X-Event", raw.getStringProperty("event"))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            delivered = response.statusCode() / 100 == 2;
            outcome = "HTTP " + response.statusCode();
        } catch (IOException e) {
            outcome = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "interrupted";
        }
        boolean last = !delivered && attempt >= properties.maxAttempts();
        record(
                delivered ? AuditType.PUSHED : last ? AuditType.DEAD_LETTERED : AuditType.PUSH_FAILED,
                deliveryId,
                agencyId,
                attempt,
                outcome);
        if (delivered) {
            acknowledgements.acknowledge(agencyId, deliveryId, Acknowledgements.Via.PUSH);
            return;
        }
        log.warn(
                "Push of delivery {} to {} failed (try {} of {}): {}",
                deliveryId,
                agencyId,
                attempt,
                properties.maxAttempts(),
                outcome);
        throw new PushFailed("push to " + agencyId + " failed: " + outcome);
    }

    private void record(AuditType type, String deliveryId, String agency, int attempt, String outcome) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("deliveryId", deliveryId);
        detail.put("attempt", attempt);
        detail.put("maxAttempts", properties.maxAttempts());
        detail.put("outcome", outcome);
        var row = jdbc.queryForList(
                "SELECT d.hub_message_id, d.event, m.subject_sealed FROM delivery d JOIN"
                        + " inbound_message m ON m.hub_message_id = d.hub_message_id WHERE d.delivery_id = ?",
                deliveryId);
        String hubId = row.isEmpty() ? null : (String) row.get(0).get("HUB_MESSAGE_ID");
        String event = row.isEmpty() ? null : (String) row.get(0).get("EVENT");
        String subject = row.isEmpty()
                ? null
                : MessageAcceptance.subject(vault, row.get(0).get("SUBJECT_SEALED"));
        audit.append(new AuditTrail.Entry(type, hubId, agency, subject, event, detail));
    }

    private HttpClient client(Agency agency) {
        return clients.computeIfAbsent(agency.id(), id -> {
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("push-ca", agency.pushCa());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(bundles.getBundle("hub").getManagers().getKeyManagers(), tmf.getTrustManagers(), null);
                return HttpClient.newBuilder()
                        .sslContext(tls)
                        .connectTimeout(properties.timeout())
                        .build();
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot set up TLS for pushing to " + id + ": " + e.getMessage(), e);
            }
        });
    }
}
