package uk.safeguarding.hub.protect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.Pem;

/**
 * The hub's own key and certificate (PEM, {@code hub.keys.*}), which sign every share and audit checkpoint and
 * which HTTPS, MLLP and the broker's acceptor present. Rotated without a restart: the files are looked at every
 * {@code hub.keys.refresh-period}; a changed set (certificate, key and the broker's key store) is taken once it
 * has stayed the same for one look, so files replaced one after another are never taken half-way. It is taken
 * only if the key matches the certificate, the certificate is in its validity, issued by a CA the hub trusts, for
 * the same subject, and the broker's key store holds the same certificate; otherwise the one in use stays, and
 * the refusal is logged ({@code HUB-CERTIFICATE-REFUSED}) and audited once. Every certificate the hub has signed
 * with is kept ({@code hub_certificate}), so checkpoints signed before a rotation still verify.
 */
public final class HubIdentity {

    /** A key and its certificate, as one. */
    public record SigningKey(PrivateKey key, X509Certificate certificate) {

        public String algorithm() {
            return "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        }

        public String fingerprint() {
            return AgencyTrust.fingerprint(certificate);
        }
    }

    /** Where the identity is read from; {@code keyStore} null when the broker has no TLS acceptor. */
    public record KeyFiles(Path certificate, Path privateKey, Path keyStore, char[] keyStorePassword) {}

    private static final Logger log = LoggerFactory.getLogger(HubIdentity.class);

    private final KeyFiles files;
    private final List<X509Certificate> trustedCas;
    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final List<Consumer<SigningKey>> listeners = new CopyOnWriteArrayList<>();
    private volatile SigningKey current;
    private String inUse;
    private String lastSeen;
    private String lastRefused;

    /** Reads the identity in use; a start with a bad one stops with the reason. */
    public HubIdentity(
            KeyFiles files, List<X509Certificate> trustedCas, JdbcTemplate jdbc, AuditTrail audit, Clock clock) {
        this.files = files;
        this.trustedCas = List.copyOf(trustedCas);
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        try {
            this.current =
                    new SigningKey(Pem.readPrivateKey(files.privateKey()), Pem.readCertificate(files.certificate()));
            this.inUse = digest();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the hub's key and certificate: " + e.getMessage(), e);
        }
        String problem = matches(current);
        if (problem != null) {
            throw new IllegalStateException("the hub's key " + files.privateKey() + " and certificate "
                    + files.certificate() + " cannot be used: " + problem);
        }
        lastSeen = inUse;
        remember(current);
    }

    public SigningKey current() {
        return current;
    }

    /** Called with the new identity after a rotation (HTTPS, MLLP, the broker's acceptor). */
    public void onChange(Consumer<SigningKey> listener) {
        listeners.add(listener);
    }

    /**
     * Looks at the files; takes a changed identity that stayed the same since the last look and passes every
     * check. True when it rotated.
     */
    public synchronized boolean refresh() {
        String seen;
        try {
            seen = digest();
        } catch (IOException e) {
            // A file being replaced, or gone: the one in use stays; looked at again next time.
            lastSeen = null;
            return false;
        }
        boolean stable = seen.equals(lastSeen);
        lastSeen = seen;
        if (seen.equals(inUse) || !stable || seen.equals(lastRefused)) {
            return false;
        }
        SigningKey next;
        String problem;
        try {
            next = new SigningKey(Pem.readPrivateKey(files.privateKey()), Pem.readCertificate(files.certificate()));
            problem = checkRotation(next);
        } catch (IOException | RuntimeException e) {
            next = null;
            problem = "cannot be read: " + e.getMessage();
        }
        if (problem != null) {
            lastRefused = seen;
            refused(next, problem);
            return false;
        }
        SigningKey previous = current;
        current = next;
        inUse = seen;
        remember(next);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("previous", previous.fingerprint());
        detail.put("certificate", next.fingerprint());
        detail.put("subject", next.certificate().getSubjectX500Principal().getName());
        detail.put("notAfter", next.certificate().getNotAfter().toInstant().toString());
        audit.append(new AuditTrail.Entry(AuditType.HUB_CERTIFICATE_ROTATED, null, null, null, null, detail));
        log.info(
                "HUB-CERTIFICATE-ROTATED the hub signs and presents {} (ends {}) from now on; {} before",
                next.fingerprint(),
                next.certificate().getNotAfter().toInstant(),
                previous.fingerprint());
        for (Consumer<SigningKey> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.error("HUB-CERTIFICATE-ROTATION-INCOMPLETE {}: {}", listener, e.getMessage(), e);
            }
        }
        return true;
    }

    /**
     * A certificate the hub has signed with, by SHA-256 fingerprint, if it was issued by a CA the hub trusts for
     * the hub's subject: whoever can write the database cannot add a certificate of their own to sign with.
     */
    public Optional<X509Certificate> signedWith(String fingerprint) {
        if (current.fingerprint().equals(fingerprint)) {
            return Optional.of(current.certificate());
        }
        List<String> pems =
                jdbc.queryForList("SELECT pem FROM hub_certificate WHERE fingerprint = ?", String.class, fingerprint);
        for (String pem : pems) {
            try {
                X509Certificate c = Pem.certificate(pem);
                if (AgencyTrust.fingerprint(c).equals(fingerprint)
                        && issuer(c) != null
                        && c.getSubjectX500Principal()
                                .equals(current.certificate().getSubjectX500Principal())) {
                    return Optional.of(c);
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Every certificate the hub has signed with, newest first (fingerprint, subject, end, first used). */
    public List<Map<String, Object>> history() {
        return jdbc.queryForList(
                "SELECT fingerprint, subject, not_after, first_used FROM hub_certificate ORDER BY first_used DESC");
    }

    private String checkRotation(SigningKey next) {
        String problem = matches(next);
        if (problem != null) {
            return problem;
        }
        Instant now = Instant.now(clock);
        X509Certificate c = next.certificate();
        if (now.isBefore(c.getNotBefore().toInstant())) {
            return "the certificate is not valid before " + c.getNotBefore().toInstant();
        }
        if (!now.isBefore(c.getNotAfter().toInstant())) {
            return "the certificate ended " + c.getNotAfter().toInstant();
        }
        if (issuer(c) == null) {
            return "the certificate was not issued by a CA the hub trusts ("
                    + c.getIssuerX500Principal().getName() + ")";
        }
        if (!c.getSubjectX500Principal().equals(current.certificate().getSubjectX500Principal())) {
            return "the certificate is for " + c.getSubjectX500Principal().getName() + ", not the hub's "
                    + current.certificate().getSubjectX500Principal().getName();
        }
        if (files.keyStore() != null) {
            X509Certificate broker = keyStoreCertificate();
            if (broker == null || !broker.equals(c)) {
                return "the broker's key store " + files.keyStore() + " holds "
                        + (broker == null ? "no certificate" : AgencyTrust.fingerprint(broker))
                        + ", not the new certificate";
            }
        }
        return null;
    }

    /** Null when the key signs what the certificate's public key verifies. */
    private static String matches(SigningKey pair) {
        try {
            byte[] probe = "safeguarding-hub key check".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Signature sign = Signature.getInstance(pair.algorithm());
            sign.initSign(pair.key());
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(pair.algorithm());
            verify.initVerify(pair.certificate().getPublicKey());
            verify.update(probe);
            return verify.verify(signature) ? null : "the key does not belong to the certificate";
        } catch (GeneralSecurityException e) {
            return "the key does not belong to the certificate (" + e.getMessage() + ")";
        }
    }

    private X509Certificate issuer(X509Certificate c) {
        for (X509Certificate ca : trustedCas) {
            if (!ca.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                continue;
            }
            try {
                c.verify(ca.getPublicKey());
                return ca;
            } catch (GeneralSecurityException e) {
                // another CA of the same name, or a forged signature
            }
        }
        return null;
    }

    private X509Certificate keyStoreCertificate() {
        try (InputStream in = Files.newInputStream(files.keyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, files.keyStorePassword());
            for (String alias : java.util.Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate c = store.getCertificate(alias);
                    return c instanceof X509Certificate x ? x : null;
                }
            }
            return null;
        } catch (IOException | GeneralSecurityException e) {
            return null;
        }
    }

    private void refused(SigningKey next, String problem) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("certificate", next == null ? null : next.fingerprint());
        detail.put("problem", problem);
        detail.put("inUse", current.fingerprint());
        audit.append(new AuditTrail.Entry(AuditType.HUB_CERTIFICATE_REFUSED, null, null, null, null, detail));
        log.error(
                "HUB-CERTIFICATE-REFUSED the new key and certificate in {} are not used: {}; the hub keeps {}",
                files.certificate().getParent(),
                problem,
                current.fingerprint());
    }

    private void remember(SigningKey key) {
        try {
            jdbc.update(
                    "INSERT INTO hub_certificate (fingerprint, subject, not_after, pem, first_used) VALUES (?, ?, ?, ?,"
                            + " ?)",
                    key.fingerprint(),
                    key.certificate().getSubjectX500Principal().getName(),
                    Timestamp.from(key.certificate().getNotAfter().toInstant()),
                    Pem.text(key.certificate()),
                    Timestamp.from(Instant.now(clock)));
        } catch (DuplicateKeyException known) {
            // signed with before (another instance, or before a restart)
        }
    }

    /** Of the three files together: a change to any is a new candidate. */
    private String digest() throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path p : Arrays.asList(files.certificate(), files.privateKey(), files.keyStore())) {
                if (p != null) {
                    sha.update(Files.readAllBytes(p));
                    sha.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
