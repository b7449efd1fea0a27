package uk.safeguarding.hub.e2e;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An agency system talking to the hub over real TLS, with its dev certificate (or none). */
final class AgencyClient {

    private final HttpClient http;
    private final String base;
    private final String authorization;

    private AgencyClient(HttpClient http, int port) {
        this(http, port, null);
    }

    private AgencyClient(HttpClient http, int port, String authorization) {
        this.http = http;
        this.base = "https://localhost:" + port;
        this.authorization = authorization;
    }

    /** A person (information governance officer, operations) signed in with HTTP Basic, no client certificate. */
    static AgencyClient person(String name, String password, int port) throws Exception {
        return new AgencyClient(
                client(null),
                port,
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(
                                        (name + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** A metrics scraper with the hub's metrics token (no client certificate, no password). */
    static AgencyClient bearer(String token, int port) throws Exception {
        return new AgencyClient(client(null), port, "Bearer " + token);
    }

    static AgencyClient as(String agency, int port) throws Exception {
        return as(agency, port, Path.of(TestPki.DIR));
    }

    /** As the agency of another development PKI (a hub started with its own home), trusting that PKI's CA. */
    static AgencyClient as(String agency, int port, Path pki) throws Exception {
        return new AgencyClient(
                HttpClient.newBuilder()
                        .sslContext(TestPki.clientTls(pki, agency))
                        .build(),
                port);
    }

    /** A client with any PKCS#12 key store (password changeit): certificates the register does not hold. */
    static AgencyClient fromKeyStore(Path p12, int port) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        return new AgencyClient(client(kmf), port);
    }

    HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static AgencyClient anonymous(int port) throws Exception {
        return new AgencyClient(client(null), port);
    }

    private static HttpClient client(KeyManagerFactory kmf) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(TestPki.DIR, "ca.pem"))) {
            trust.setCertificateEntry(
                    "hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, "application/fhir+json");
    }

    HttpResponse<String> send(String method, String path, String body, String contentType) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", contentType)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest.Builder request(String path) {
        // A connection cut by a killed hub must fail, not hang.
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(java.time.Duration.ofSeconds(30));
        return authorization == null ? b : b.header("Authorization", authorization);
    }
}
