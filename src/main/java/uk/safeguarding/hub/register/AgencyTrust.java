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
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one answer to "which agency is this certificate, and may it act now?", for HTTPS, MLLP and the broker
 * alike: the certificate the agency register names (by SHA-256 fingerprint, or by issuer and serial number where
 * the transport gives only those, as MLLP does), the agency active, and the certificate not revoked. TLS has
 * already checked the chain and the dates.
 *
 * <p>Revocation: the CA's CRL ({@code hub.pki.crl}), verified against the CA's certificate and read again when
 * the file changes (looked at no more than once a second). A revoked certificate authenticates nowhere and its
 * agency receives nothing. A CRL whose signature does not verify is not used (the previous one stays, and the
 * problem is logged).
 */
public class AgencyTrust {

    private static final Logger log = LoggerFactory.getLogger(AgencyTrust.class);

    private final Path crlFile;
    private final X509Certificate issuer;
    private final AgencyRegister register;
    private final Map<String, Agency> byFingerprint;
    private volatile X509CRL crl;
    private volatile FileTime loaded;
    private volatile long lastLook;

    public AgencyTrust(Path crlFile, X509Certificate issuer, AgencyRegister register) {
        this.crlFile = crlFile;
        this.issuer = issuer;
        this.register = register;
        this.byFingerprint = register.all().stream()
                .filter(a -> a.certificate() != null)
                .collect(Collectors.toMap(a -> fingerprint(a.certificate()), a -> a));
        refresh();
    }

    /** The agency a presented certificate is, if it is registered, active and not revoked. */
    public Optional<Agency> agencyOf(X509Certificate presented) {
        if (presented == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byFingerprint.get(fingerprint(presented))).filter(this::mayAct);
    }

    /** The same for a transport that names the certificate only by issuer and serial number. */
    public Optional<Agency> agencyOf(String issuerName, String serialNumber) {
        return register.findByCertificate(issuerName, serialNumber).filter(this::mayAct);
    }

    private boolean mayAct(Agency agency) {
        return agency.active() && !isRevoked(agency.certificate());
    }

    public boolean isRevoked(X509Certificate certificate) {
        // Checked for every recipient of every message: look at the file at most once a second.
        if (System.nanoTime() - lastLook > 1_000_000_000L) {
            refresh();
        }
        X509CRL current = crl;
        return certificate != null && current != null && current.isRevoked(certificate);
    }

    /** The agencies with each one's revocation applied. */
    public List<Agency> apply(Collection<Agency> agencies) {
        return agencies.stream()
                .map(a -> isRevoked(a.certificate()) ? a.asRevoked() : a)
                .toList();
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
