package uk.safeguarding.hub.register;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer to "which agency is this certificate, and may it act now?", for HTTPS, MLLP and the broker
 * alike: a certificate in force that the agency register names (by SHA-256 fingerprint, or by issuer and serial
 * number where the transport gives only those, as MLLP does), the agency active, and the certificate not revoked.
 * TLS has already checked the chain and the dates.
 *
 * <p>Revocation: the CA's CRL ({@code hub.pki.crl}), verified against the CA's certificate and read again when
 * the file changes (looked at no more than once a second), and the certificates revoked through the hub itself
 * (which it serves as its own CRL). A revoked certificate authenticates nowhere and is encrypted to by nothing; an
 * agency whose every certificate is revoked receives nothing. A CRL whose signature does not verify is not used
 * (the previous one stays, and the problem is logged).
 *
 * <p>Rotation: when an agency holding two certificates first presents the newer one, {@code onNewerUsed} hears of
 * it (the store then ends the older one on every instance).
 */
public class AgencyTrust {

    private static final Logger log = LoggerFactory.getLogger(AgencyTrust.class);

    private final Path crlFile;
    private final X509Certificate issuer;
    private final AgencyRegister register;
    private volatile X509CRL crl;
    private volatile FileTime loaded;
    private volatile long lastLook;
    private volatile Set<String> revokedByHub = Set.of();
    private volatile BiConsumer<Agency, X509Certificate> onNewerUsed = (a, c) -> {};

    public AgencyTrust(Path crlFile, X509Certificate issuer, AgencyRegister register) {
        this.crlFile = crlFile;
        this.issuer = issuer;
        this.register = register;
        refresh();
    }

    /** The CA certificate agency certificates must be issued by. */
    public X509Certificate issuer() {
        return issuer;
    }

    /** The fingerprints of the certificates revoked through the hub, as its store last read them. */
    public void revokedByHub(Set<String> fingerprints) {
        this.revokedByHub = Set.copyOf(fingerprints);
    }

    public void onNewerUsed(BiConsumer<Agency, X509Certificate> listener) {
        this.onNewerUsed = listener;
    }

    /** The agency a presented certificate is, if it is registered and in force, the agency active, not revoked. */
    public Optional<Agency> agencyOf(X509Certificate presented) {
        if (presented == null) {
            return Optional.empty();
        }
        return register.findByFingerprint(fingerprint(presented)).filter(a -> mayAct(a, presented));
    }

    /** The agency is in the register in force and active (for a connection authenticated before a change). */
    public boolean stillActive(String agencyId) {
        return register.find(agencyId).map(Agency::active).orElse(false);
    }

    /** The same for a transport that names the certificate only by issuer and serial number. */
    public Optional<Agency> agencyOf(String issuerName, String serialNumber) {
        return register.findByCertificate(issuerName, serialNumber)
                .filter(e -> mayAct(e.getKey(), e.getValue()))
                .map(Map.Entry::getKey);
    }

    private boolean mayAct(Agency agency, X509Certificate presented) {
        Instant now = Instant.now();
        List<X509Certificate> inForce = agency.certificatesInForce(now);
        if (!agency.active() || isRevoked(presented) || !inForce.contains(presented)) {
            return false;
        }
        if (inForce.size() > 1 && inForce.get(0).equals(presented)) {
            onNewerUsed.accept(agency, presented);
        }
        return true;
    }

    public boolean isRevoked(X509Certificate certificate) {
        if (certificate == null) {
            return false;
        }
        // Checked for every recipient of every message: look at the file at most once a second.
        if (System.nanoTime() - lastLook > 1_000_000_000L) {
            refresh();
        }
        X509CRL current = crl;
        return (current != null && current.isRevoked(certificate))
                || (!revokedByHub.isEmpty() && revokedByHub.contains(fingerprint(certificate)));
    }

    /** The agencies with revocation applied: revoked certificates dropped; one with none left is revoked. */
    public List<Agency> apply(Collection<Agency> agencies) {
        return agencies.stream().map(this::apply).toList();
    }

    /** The certificates a share for this agency is sealed to now: in force, within their dates, not revoked. */
    public List<X509Certificate> recipientsOf(String agencyId) {
        return register.find(agencyId)
                .map(this::apply)
                .map(a -> a.recipientsAt(Instant.now()))
                .orElse(List.of());
    }

    public Agency apply(Agency a) {
        List<Agency.HeldCertificate> kept = a.certificates().stream()
                .filter(h -> !isRevoked(h.certificate()))
                .toList();
        if (kept.size() == a.certificates().size()) {
            return a;
        }
        return kept.isEmpty() ? a.asRevoked() : a.holding(kept);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void refresh() {
        lastLook = System.nanoTime();
        try {
            if (!Files.exists(crlFile)) {
                crl = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(crlFile);
            if (modified.equals(loaded)) {
                return;
            }
            X509CRL fresh;
            try (InputStream in = Files.newInputStream(crlFile)) {
                fresh = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            }
            fresh.verify(issuer.getPublicKey());
            crl = fresh;
            loaded = modified;
            log.info(
                    "Certificate revocation list {} loaded: {} revoked",
                    crlFile,
                    fresh.getRevokedCertificates() == null
                            ? 0
                            : fresh.getRevokedCertificates().size());
        } catch (Exception e) {
            log.error("Certificate revocation list {} not used: {}", crlFile, e.getMessage());
            loaded = null;
        }
    }
}
