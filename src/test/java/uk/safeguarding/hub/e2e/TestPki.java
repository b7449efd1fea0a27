package uk.safeguarding.hub.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The tests' own development PKI and agency register, under target/, so that no test writes into the developer's
 * certs/dev/: every hub a test starts (in its JVM or as a process) is pointed here.
 */
public final class TestPki {

    public static final String DIR = "target/test-pki";

    private TestPki() {}

    /** The example register with its certificates here, plus {@code more} (YAML, indented as agencies). */
    static synchronized Path register(String name, String more) {
        try {
            Path file = Path.of("target", name);
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, Files.readString(Path.of("config/agencies.yaml")).replace("certs/dev/", DIR + "/") + more);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shipped settings with the PKI and register here: for the commands that read the file themselves. */
    static synchronized Path applicationYaml() {
        try {
            Path file = Path.of("target/test-application.yaml");
            Files.writeString(
                    file,
                    Files.readString(Path.of("config/application.yaml"))
                            .replace("dev-directory: certs/dev", "dev-directory: " + DIR)
                            .replace(
                                    "agencies: config/agencies.yaml",
                                    "agencies: " + register("test-pki-agencies.yaml", "")));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The arguments that point a hub process here. */
    static List<String> hubArgs() {
        return List.of(
                "--hub.pki.dev-directory=" + DIR, "--hub.register.agencies=" + register("test-pki-agencies.yaml", ""));
    }

    /** A TLS client context as the agency (its development certificate), trusting the development CA. */
    static SSLContext clientTls(String agency) throws Exception {
        return clientTls(Path.of(DIR), agency);
    }

    /** The same from another development PKI (a hub started with a home of its own). */
    static SSLContext clientTls(Path pki, String agency) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve(agency + ".p12"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pki.resolve("ca-truststore.p12"))) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return tls;
    }

    /** Opens a share as its recipient does: decrypts it with the agency's key, then reads the hub's signed content. */
    static String openShare(byte[] cms, String agency) throws Exception {
        org.bouncycastle.cms.KeyTransRecipientInformation recipient =
                (org.bouncycastle.cms.KeyTransRecipientInformation) new org.bouncycastle.cms.CMSAuthEnvelopedData(cms)
                        .getRecipientInfos()
                        .getRecipients()
                        .iterator()
                        .next();
        byte[] signed = recipient.getContent(new org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient(
                        uk.safeguarding.hub.register.Pem.readPrivateKey(Path.of(DIR, agency + "-key.pem")))
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()));
        return new String(
                (byte[]) new org.bouncycastle.cms.CMSSignedData(signed)
                        .getSignedContent()
                        .getContent(),
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
