package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.mesh.MeshToken;

/**
 * The MESH API over the hub's real mutual TLS, with the development mailboxes and shared secret the hub generated
 * beside its test PKI: the ping, and the handshake, good only with the mailbox's token and its agency's certificate.
 * Every refusal is 403 and audited.
 */
class MeshApiTest extends HubTestBase {

    /** The development mailboxes: agency, mailbox id and password, one line each. */
    static String[] mailboxOf(String agency) throws Exception {
        return Files.readAllLines(Path.of(TestPki.DIR, "mesh-mailboxes.txt")).stream()
                .filter(l -> l.startsWith(agency + " "))
                .map(l -> l.split(" "))
                .findFirst()
                .orElseThrow();
    }

    static byte[] sharedKey() throws Exception {
        Properties secrets = new Properties();
        try (var in = Files.newBufferedReader(Path.of(TestPki.DIR, "hub.secrets"))) {
            secrets.load(in);
        }
        return secrets.getProperty("hub.mesh.shared-key").getBytes(StandardCharsets.UTF_8);
    }

    HttpRequest.Builder handshake(String mailbox, String token) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/messageexchange/" + mailbox))
                .header("Authorization", token)
                .header("Accept", "application/vnd.mesh.v2+json")
                .header("mex-ClientVersion", "test==1")
                .POST(HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void pingAnswersWithTheServersTime() throws Exception {
        var ping = as("drug-service").get("/messageexchange/_ping");
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ping.body()).has("timestamp")).isTrue();
    }

    @Test
    void theHandshakeNeedsTheMailboxsTokenAndItsAgencysCertificate() throws Exception {
        // The maternity unit's mailbox: no other test signs in with it, and this one leaves it with failures.
        String[] maternity = mailboxOf("maternity");
        String mailbox = maternity[1];
        String password = maternity[2];
        byte[] key = sharedKey();
        String nonce = UUID.randomUUID().toString();

        var good = as("maternity")
                .raw(handshake(mailbox, MeshToken.header(key, mailbox, password, nonce, 0, Instant.now())));
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(good.body()).get("mailbox_id").asString()).isEqualTo(mailbox);

        String token = MeshToken.header(key, mailbox, password, nonce, 1, Instant.now());
        assertThat(as("maternity").raw(handshake(mailbox, token)).statusCode()).isEqualTo(200);
        var otherCertificate =
                as("gp").raw(handshake(mailbox, MeshToken.header(key, mailbox, password, nonce, 4, Instant.now())));
        assertThat(otherCertificate.statusCode())
                .as("another agency's certificate")
                .isEqualTo(403);
        assertThat(JSON.readTree(otherCertificate.body())
                        .get("detail")
                        .get(0)
                        .get("msg")
                        .asString())
                .isEqualTo("the client certificate is not the mailbox's agency's");
        var v1 = as("maternity").raw(handshake(mailbox, "NHSMESH nonsense").setHeader("Accept", "application/json"));
        assertThat(v1.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(v1.body()).get("errorEvent").asString()).isEqualTo("AUTHENTICATION");
        assertThat(AgencyClient.anonymous(port).raw(handshake(mailbox, "x")).statusCode())
                .as("no client certificate")
                .isIn(401, 403);

        var replayed = as("maternity").raw(handshake(mailbox, token));
        assertThat(replayed.statusCode()).as("a token used twice").isEqualTo(403);
        assertThat(JSON.readTree(replayed.body())
                        .get("detail")
                        .get(0)
                        .get("msg")
                        .asString())
                .isEqualTo("the token was used before");
        assertThat(as("maternity")
                        .raw(handshake(mailbox, MeshToken.header(key, mailbox, "guess", nonce, 2, Instant.now())))
                        .statusCode())
                .as("a wrong password")
                .isEqualTo(403);
        assertThat(as("maternity")
                        .raw(handshake(
                                mailbox,
                                MeshToken.header(
                                        key,
                                        mailbox,
                                        password,
                                        nonce,
                                        3,
                                        Instant.now().minusSeconds(3 * 3600))))
                        .statusCode())
                .as("a token three hours old")
                .isEqualTo(403);
        assertThat(auditCount("ACCESS_REFUSED", "%/messageexchange/" + mailbox + "%"))
                .isGreaterThanOrEqualTo(5);
        assertThat(auditCount("SIGN_IN_FAILED", "%MESH mailbox " + mailbox + "%"))
                .as("the replayed, wrong and old tokens count as failed sign-ins")
                .isEqualTo(3);
        assertThat(Files.getPosixFilePermissions(Path.of(TestPki.DIR, "mesh-mailboxes.txt")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
