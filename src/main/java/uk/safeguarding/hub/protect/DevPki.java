package uk.safeguarding.hub.protect;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import uk.safeguarding.hub.register.Pem;

/**
 * The development PKI, made with Bouncy Castle on first start when {@code certs/dev/} lacks it: a CA, the hub's
 * certificate (localhost and 127.0.0.1 in its subject alternative names) and one certificate per agency
 * ({@code <id>.pem}, {@code <id>-key.pem}, {@code <id>.p12}). The agencies' files (their {@code .p12} and the CA
 * trust store they connect with) open with the documented development password {@code changeit}, as the agency
 * interface promises; the hub's own key store ({@code hub.p12}) with a random one, generated with the other
 * development secrets into {@code hub.secrets} (0600). RSA 3072 for agencies, EC P-256 for the hub. Never for
 * production: production certificates come from the organisations' own CAs.
 */
public final class DevPki {

    public static final String HUB = "hub";
    /** The development secrets' names in {@code hub.secrets}, as the hub reads them. */
    public static final String HUB_STORE_PASSWORD = "hub.broker.key-store-password";

    public static final String TRUST_STORE_PASSWORD = "hub.broker.trust-store-password";
    static final char[] AGENCY_P12_PASSWORD = "changeit".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;

    public DevPki(Path dir) {
        this.dir = dir;
    }

    /** Creates whatever is missing; leaves existing keys alone. */
    public synchronized void ensure(Collection<String> agencyIds) {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("ca.pem")) || !Files.exists(dir.resolve("ca-key.pem"))) {
                KeyPair ca = rsa();
                X509Certificate caCert = caCertificate(ca);
                writePem(dir.resolve("ca-key.pem"), ca.getPrivate());
                writePem(dir.resolve("ca.pem"), caCert);
            }
            KeyPair caKeys = new KeyPair(
                    Pem.readCertificate(dir.resolve("ca.pem")).getPublicKey(),
                    Pem.readPrivateKey(dir.resolve("ca-key.pem")));
            X509Certificate caCert = Pem.readCertificate(dir.resolve("ca.pem"));
            if (!Files.exists(dir.resolve(HUB + ".pem"))) {
                issue(HUB, caKeys.getPrivate(), caCert, true, Duration.ofDays(825));
            } else if (!opens(dir.resolve(HUB + ".p12"), hubStorePassword())) {
                // Made by an earlier version with the agencies' password: the same key, under the hub's own.
                writeP12(HUB, Pem.readPrivateKey(dir.resolve(HUB + "-key.pem")), new X509Certificate[] {
                    Pem.readCertificate(dir.resolve(HUB + ".pem")), caCert
                });
            }
            for (String id : agencyIds) {
                if (!Files.exists(dir.resolve(id + ".pem"))) {
                    issue(id, caKeys.getPrivate(), caCert, false, Duration.ofDays(825));
                }
            }
            if (!Files.exists(dir.resolve("ca-truststore.p12"))) {
                // The broker's TLS acceptor reads its trust from a key store file.
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("ca", caCert);
                Path tmp = Files.createTempFile(dir, "truststore", ".tmp");
                try (var out = Files.newOutputStream(tmp)) {
                    trust.store(out, AGENCY_P12_PASSWORD);
                }
                Files.move(
                        tmp,
                        dir.resolve("ca-truststore.p12"),
                        StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the development PKI in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Issues a certificate and key for {@code name} from the dev CA, valid from {@code notBefore} for {@code validity}. */
    public X509Certificate issue(String name, Instant notBefore, Duration validity) {
        try {
            X509Certificate caCert = Pem.readCertificate(dir.resolve("ca.pem"));
            PrivateKey caKey = Pem.readPrivateKey(dir.resolve("ca-key.pem"));
            return issue(name, caKey, caCert, false, notBefore, validity);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new key and certificate for the hub itself, in place of the ones in use ({@code hub.pem}, {@code
     * hub-key.pem}, {@code hub.p12}, each replaced whole): a running hub takes them at its next look.
     */
    public X509Certificate renewHub(Duration validity) {
        try {
            X509Certificate caCert = Pem.readCertificate(dir.resolve("ca.pem"));
            return issue(HUB, Pem.readPrivateKey(dir.resolve("ca-key.pem")), caCert, true, validity);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot renew the hub's certificate: " + e.getMessage(), e);
        }
    }

    private X509Certificate issue(
            String name, PrivateKey caKey, X509Certificate caCert, boolean server, Duration validity)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        return issue(name, caKey, caCert, server, Instant.now().minus(Duration.ofMinutes(5)), validity);
    }

    private X509Certificate issue(
            String name, PrivateKey caKey, X509Certificate caCert, boolean server, Instant notBefore, Duration validity)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        // The hub signs every share: an EC P-256 key signs in a tenth of the time of RSA 3072 at the same
        // strength. Agencies keep RSA 3072, which the shares are encrypted to (RSA-OAEP).
        KeyPair keys = server ? ec() : rsa();
        X500Name subject =
                new X500Name("CN=" + name + ",OU=" + (server ? "Hub" : "Agencies") + ",O=Safeguarding Hub Dev");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        caCert,
                        serial(),
                        Date.from(notBefore),
                        Date.from(notBefore.plus(validity)),
                        subject,
                        keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(
                                server
                                        ? KeyUsage.digitalSignature | KeyUsage.keyAgreement
                                        : KeyUsage.digitalSignature
                                                | KeyUsage.keyEncipherment
                                                | KeyUsage.dataEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection
                }))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        if (server) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(
                        GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())
            }));
        }
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey)));
        writePem(
                dir.resolve(name + "-key.pem"),
                new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
        writePem(dir.resolve(name + ".pem"), cert);
        writeP12(name, keys.getPrivate(), new X509Certificate[] {cert, caCert});
        return cert;
    }

    private void writeP12(String name, PrivateKey key, X509Certificate[] chain)
            throws IOException, GeneralSecurityException {
        char[] password = HUB.equals(name) ? hubStorePassword() : AGENCY_P12_PASSWORD;
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry(name, key, password, chain);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p12.store(out, password);
        }
        Files.move(
                tmp, dir.resolve(name + ".p12"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean opens(Path p12, char[] password) {
        try (var in = Files.newInputStream(p12)) {
            KeyStore.getInstance("PKCS12").load(in, password);
            return true;
        } catch (IOException | GeneralSecurityException e) {
            return false;
        }
    }

    private char[] hubStorePassword() {
        return secrets().getProperty(HUB_STORE_PASSWORD).toCharArray();
    }

    /**
     * The development secrets that live outside the database and the configuration: the key H2 encrypts its file
     * with, the database user's password, the key of the audit chain, the metrics scrape's token and the stores'
     * passwords. Random, generated
     * once into {@code hub.secrets} (0600); a secret an earlier version did not make is added.
     */
    public synchronized Properties secrets() {
        Path file = dir.resolve("hub.secrets");
        try {
            Properties secrets = new Properties();
            if (Files.exists(file)) {
                try (var in = Files.newBufferedReader(file)) {
                    secrets.load(in);
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            wanted.put("hub.database.file-key", random(32));
            wanted.put("hub.database.password", random(24));
            wanted.put("hub.audit.key", random(32));
            wanted.put("hub.metrics.token", random(32));
            wanted.put("hub.mesh.shared-key", random(32));
            wanted.put("hub.vault.key", random(32));
            wanted.put(HUB_STORE_PASSWORD, random(24));
            wanted.put(TRUST_STORE_PASSWORD, new String(AGENCY_P12_PASSWORD));
            boolean added = false;
            for (var e : wanted.entrySet()) {
                if (secrets.getProperty(e.getKey()) == null) {
                    secrets.setProperty(e.getKey(), e.getValue());
                    added = true;
                }
            }
            if (added) {
                Files.createDirectories(dir);
                java.io.StringWriter text = new java.io.StringWriter();
                secrets.store(text, "development secrets, generated on first start; never use outside development");
                Path tmp = Files.createTempFile(dir, "hub.secrets", ".tmp");
                Files.writeString(tmp, text.toString());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return secrets;
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot make the development secrets in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String random(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static X509Certificate caCertificate(KeyPair ca)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        X500Name name = new X500Name("CN=Safeguarding Hub Dev CA,O=Safeguarding Hub Dev");
        Instant now = Instant.now().minus(Duration.ofMinutes(5));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        name,
                        serial(),
                        Date.from(now),
                        Date.from(now.plus(Duration.ofDays(3650))),
                        name,
                        ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.getPrivate())));
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"), RANDOM);
        return gen.generateKeyPair();
    }

    private static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(3072, RANDOM);
        return gen.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    /**
     * Revokes a certificate issued here: adds its serial number to the CA's certificate revocation list,
     * {@code ca.crl} (PEM, signed by the CA, next update in 30 days), keeping the ones revoked before.
     */
    public void revoke(String name) {
        revoke(name, dir.resolve("ca.crl"));
    }

    /** As {@link #revoke(String)}, keeping the list in {@code crlPath}. */
    public synchronized void revoke(String name, Path crlPath) {
        try {
            revoke(Pem.readCertificate(dir.resolve(name + ".pem")).getSerialNumber(), crlPath);
        } catch (IOException e) {
            throw new IllegalStateException("cannot revoke " + name + ": " + e.getMessage(), e);
        }
    }

    /** Adds a serial number issued by this CA to the revocation list in {@code crlPath}. */
    public synchronized void revoke(BigInteger serial, Path crlPath) {
        String name = serial.toString();
        try {
            X509Certificate caCert = Pem.readCertificate(dir.resolve("ca.pem"));
            PrivateKey caKey = Pem.readPrivateKey(dir.resolve("ca-key.pem"));
            Date now = new Date();
            org.bouncycastle.cert.X509v2CRLBuilder crl = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(
                            caCert, now)
                    .setNextUpdate(Date.from(now.toInstant().plus(Duration.ofDays(30))));
            if (Files.exists(crlPath)) {
                try (var in = Files.newInputStream(crlPath)) {
                    java.security.cert.X509CRL before =
                            (java.security.cert.X509CRL) java.security.cert.CertificateFactory.getInstance("X.509")
                                    .generateCRL(in);
                    if (before.getRevokedCertificates() != null) {
                        before.getRevokedCertificates().stream()
                                .filter(e -> !e.getSerialNumber().equals(serial))
                                .forEach(e -> crl.addCRLEntry(
                                        e.getSerialNumber(),
                                        e.getRevocationDate(),
                                        org.bouncycastle.asn1.x509.CRLReason.keyCompromise));
                    }
                }
            }
            crl.addCRLEntry(serial, now, org.bouncycastle.asn1.x509.CRLReason.keyCompromise);
            writePem(
                    crlPath,
                    new org.bouncycastle.cert.jcajce.JcaX509CRLConverter()
                            .getCRL(crl.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKey))));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot revoke " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically so a crash never leaves half a key behind. */
    private static void writePem(Path path, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Path tmp = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
        Files.writeString(tmp, text.toString());
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
