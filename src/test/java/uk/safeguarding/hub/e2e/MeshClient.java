package uk.safeguarding.hub.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A MESH client written from NHS England's published API description, independent of the hub's own code: the
 * {@code NHSMESH} token (HMAC-SHA256 keyed with the shared secret over mailbox, nonce, nonce count, password and
 * time), a new nonce count per call, the v2 media type unless asked for v1, and the agency's client certificate.
 */
final class MeshClient {

    static final String V2 = "application/vnd.mesh.v2+json";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final String mailbox;
    private final String password;
    private final byte[] sharedKey;
    private final HttpClient http;
    private final String base;
    private final String nonce = UUID.randomUUID().toString();
    private int count;

    private MeshClient(String mailbox, String password, byte[] sharedKey, HttpClient http, int port) {
        this.mailbox = mailbox;
        this.password = password;
        this.sharedKey = sharedKey;
        this.http = http;
        this.base = "https://localhost:" + port;
    }

    /** The agency's development mailbox (from mesh-mailboxes.txt) with its own certificate. */
    static MeshClient of(String agency, int port) throws Exception {
        return as(agency, agency, port);
    }

    /** The mailbox of {@code mailboxAgency}, calling with {@code certificateAgency}'s certificate. */
    static MeshClient as(String mailboxAgency, String certificateAgency, int port) throws Exception {
        String[] line = Files.readAllLines(Path.of(TestPki.DIR, "mesh-mailboxes.txt")).stream()
                .filter(l -> l.startsWith(mailboxAgency + " "))
                .map(l -> l.split(" "))
                .findFirst()
                .orElseThrow();
        Properties secrets = new Properties();
        try (var in = Files.newBufferedReader(Path.of(TestPki.DIR, "hub.secrets"))) {
            secrets.load(in);
        }
        return new MeshClient(
                line[1],
                line[2],
                secrets.getProperty("hub.mesh.shared-key").getBytes(StandardCharsets.UTF_8),
                HttpClient.newBuilder()
                        .sslContext(TestPki.clientTls(certificateAgency))
                        .build(),
                port);
    }

    /** A token as the specification makes it, at the given time. */
    String token(Instant at) throws Exception {
        return token(mailbox, password, at);
    }

    String token(String forMailbox, String withPassword, Instant at) throws Exception {
        String time = TIME.format(at);
        int n = count++;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(sharedKey, "HmacSHA256"));
        String hash = HexFormat.of()
                .formatHex(mac.doFinal((forMailbox + ":" + nonce + ":" + n + ":" + withPassword + ":" + time)
                        .getBytes(StandardCharsets.UTF_8)));
        return "NHSMESH " + forMailbox + ":" + nonce + ":" + n + ":" + time + ":" + hash;
    }

    HttpRequest.Builder request(String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(base + "/messageexchange/" + mailbox + path))
                .timeout(java.time.Duration.ofSeconds(30))
                .header("Authorization", token(Instant.now()))
                .header("Accept", V2);
    }

    HttpResponse<String> call(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends the whole message in one request; the answer of the send. */
    HttpResponse<String> send(String to, String workflowId, String localId, byte[] content, boolean gzip)
            throws Exception {
        HttpRequest.Builder r = request("/outbox")
                .header("Content-Type", "application/octet-stream")
                .header("mex-To", to)
                .header("mex-WorkflowID", workflowId)
                .header("mex-LocalID", localId)
                .header("mex-FileName", localId + ".json")
                .header("mex-Chunk-Range", "1:1");
        if (gzip) {
            r.header("Content-Encoding", "gzip");
        }
        return call(r.POST(HttpRequest.BodyPublishers.ofByteArray(gzip ? gzip(content) : content)));
    }

    /** The first chunk of a chunked message (each chunk compressed on its own, as the specification says). */
    HttpResponse<String> sendFirstChunk(String to, String workflowId, String localId, byte[] chunk, int total)
            throws Exception {
        return call(request("/outbox")
                .header("Content-Type", "application/octet-stream")
                .header("mex-To", to)
                .header("mex-WorkflowID", workflowId)
                .header("mex-LocalID", localId)
                .header("mex-Chunk-Range", "1:" + total)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(chunk))));
    }

    HttpResponse<String> sendChunk(String messageId, int n, int total, byte[] chunk) throws Exception {
        return call(request("/outbox/" + messageId + "/" + n)
                .header("Content-Type", "application/octet-stream")
                .header("mex-Chunk-Range", n + ":" + total)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(chunk))));
    }

    JsonNode inbox(String query) throws Exception {
        var response = call(request("/inbox" + query).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("inbox answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Follows a {@code links.next} as a MESH client does: the path the hub gave. */
    JsonNode follow(String link) throws Exception {
        var response = call(HttpRequest.newBuilder(URI.create(base + link))
                .header("Authorization", token(Instant.now()))
                .header("Accept", V2)
                .GET());
        return JSON.readTree(response.body());
    }

    HttpResponse<byte[]> download(String messageId, int chunk, boolean gzip) throws Exception {
        HttpRequest.Builder r = request("/inbox/" + messageId + (chunk > 1 ? "/" + chunk : ""));
        if (gzip) {
            r.header("Accept-Encoding", "gzip");
        }
        return bytes(r.GET());
    }

    HttpResponse<String> acknowledge(String messageId) throws Exception {
        return call(request("/inbox/" + messageId + "/status/acknowledged").PUT(HttpRequest.BodyPublishers.noBody()));
    }

    JsonNode track(String messageId) throws Exception {
        var response = call(request("/outbox/tracking?messageID=" + messageId).GET());
        if (response.statusCode() != 200) {
            throw new AssertionError("tracking answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        }
        return out.toByteArray();
    }
}
