package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.HubApplication;
import uk.safeguarding.hub.audit.Checkpoints;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.Pem;

/**
 * The hub's own certificate rotated without a restart, on a hub with a copy of the test PKI of its own (the shared
 * one is never changed): the development CA's new pair put in place is presented on HTTPS, MLLP and the broker's
 * acceptor and signs the next share and audit checkpoint within seconds; the audit, checkpointed before and after,
 * still verifies; a pair from another CA is refused and the one in use stays.
 */
@SpringBootTest(
        classes = HubApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // In the annotation: the development PKI is read before dynamic properties are
        // (DevPkiEnvironmentPostProcessor).
        properties = "hub.pki.dev-directory=" + HubCertificateRotationTest.DIR)
class HubCertificateRotationTest {

    static final String DIR = "target/hub-rotation-pki";
    static final Path PKI = Path.of(DIR);
    static final int MLLP_PORT = HubTestBase.freePort();
    static final int BROKER_PORT = HubTestBase.freePort();
    static final Duration WITHIN = Duration.ofSeconds(30);

    static {
        // The shared test PKI (made with the test register), copied before the hub starts; a rotation changes the copy.
        HubTestBase.REGISTER.length();
        try {
            org.springframework.util.FileSystemUtils.deleteRecursively(PKI);
            Files.createDirectories(PKI);
            for (String file : List.of(
                    "ca.pem", "ca-key.pem", "hub.pem", "hub-key.pem", "hub.p12", "ca-truststore.p12", "hub.secrets")) {
                Files.copy(Path.of(TestPki.DIR, file), PKI.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void ownHub(DynamicPropertyRegistry registry) {
        HubTestBase.common(registry, "target/hub-rotation-" + UUID.randomUUID(), MLLP_PORT, BROKER_PORT);
        registry.add("hub.keys.refresh-period", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    uk.safeguarding.hub.vault.Vault vault;

    java.util.List<java.util.Map<String, Object>> auditEntries(String type) {
        return AuditEntries.of(jdbc, vault, type);
    }

    @Autowired
    Checkpoints checkpoints;

    @Test
    void theHubsCertificateIsRotatedWithoutARestartAndAnotherCasIsRefused() throws Exception {
        X509Certificate old = Pem.readCertificate(PKI.resolve("hub.pem"));
        assertThat(presented(port)).isEqualTo(old);
        assertThat(presented(MLLP_PORT)).isEqualTo(old);
        assertThat(presented(BROKER_PORT)).isEqualTo(old);
        assertThat(signerOf(shareToGp("before"))).isEqualTo(old);
        assertThat(checkpoints.checkpoint()).isPositive();

        X509Certificate renewed = new DevPki(PKI).renewHub(Duration.ofDays(400));
        assertThat(renewed).isNotEqualTo(old);
        eventually("HTTPS presents the new certificate", () -> presented(port).equals(renewed));
        eventually("MLLP presents it", () -> presented(MLLP_PORT).equals(renewed));
        eventually("the broker presents it", () -> presented(BROKER_PORT).equals(renewed));
        assertThat(signerOf(shareToGp("after"))).isEqualTo(renewed);
        assertThat(auditEntries("HUB_CERTIFICATE_ROTATED").stream()
                        .map(e -> e.get("DETAIL"))
                        .toList())
                .singleElement()
                .asString()
                .contains(AgencyTrust.fingerprint(old), AgencyTrust.fingerprint(renewed));
        // Checkpoints signed with either key verify, and so does the chain.
        assertThat(checkpoints.checkpoint()).isPositive();
        assertThat(checkpoints.read()).hasSizeGreaterThanOrEqualTo(2).allMatch(Checkpoints.Checkpoint::signed);
        JsonNode verified = HubTestBase.JSON.readTree(
                People.ops(port).get("/api/audit/verify").body());
        assertThat(verified.get("valid").asBoolean()).as(verified.toString()).isTrue();

        // A pair from another CA, however well formed, is not taken.
        Path other = Path.of("target/other-hub-ca-" + UUID.randomUUID());
        new DevPki(other).ensure(List.of());
        Files.copy(other.resolve("hub-key.pem"), PKI.resolve("hub-key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("hub.pem"), PKI.resolve("hub.pem"), StandardCopyOption.REPLACE_EXISTING);
        eventually(
                "the other CA's pair refused",
                () -> auditEntries("HUB_CERTIFICATE_REFUSED").size() == 1);
        assertThat((String) auditEntries("HUB_CERTIFICATE_REFUSED").get(0).get("DETAIL"))
                .contains("not issued by a CA the hub trusts");
        assertThat(presented(port)).isEqualTo(renewed);
        assertThat(signerOf(shareToGp("refused"))).isEqualTo(renewed);
    }

    /** The certificate a listener presents to an agency (gp) in the TLS handshake. */
    static X509Certificate presented(int port) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(TestPki.DIR, "gp.p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(PKI.resolve("ca.pem"))) {
            trust.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** A dropout the drug service sends with consent covering the GP; the GP's sealed share, fetched. */
    byte[] shareToGp(String tag) throws Exception {
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("amy-consent-csc-gp", "rotation-consent-" + tag);
        assertThat(AgencyClient.as("drug-service", port)
                        .post(HubTestBase.PROCESS, consent)
                        .statusCode())
                .isEqualTo(200);
        String dropout = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-dropout.json"))
                .replace("\"amy-dropout\"", "\"rotation-dropout-" + tag + "\"");
        var response = AgencyClient.as("drug-service", port).post(HubTestBase.PROCESS, dropout);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String hubId = HubTestBase.JSON.readTree(response.body()).get("id").asString();
        String deliveryId = jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = 'gp'",
                String.class,
                hubId);
        byte[][] body = new byte[1][];
        eventually("the share in the GP's mailbox", () -> {
            var fetched = AgencyClient.as("gp", port).getBytes("/mailbox/messages/" + deliveryId);
            body[0] = fetched.body();
            return fetched.statusCode() == 200;
        });
        return body[0];
    }

    /** Opens the share with the GP's key and returns the certificate its signature verifies with. */
    static X509Certificate signerOf(byte[] sealed) throws Exception {
        CMSSignedData data = uk.safeguarding.hub.FhirValidation.unseal("gp", sealed);
        SignerInformation signer = data.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder holder = (X509CertificateHolder)
                data.getCertificates().getMatches(signer.getSID()).iterator().next();
        assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(holder)))
                .isTrue();
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    static void eventually(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant end = Instant.now().plus(WITHIN);
        while (!condition.call()) {
            assertThat(Instant.now()).as(what).isBefore(end);
            Thread.sleep(200);
        }
    }
}
