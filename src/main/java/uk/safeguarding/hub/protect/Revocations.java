package uk.safeguarding.hub.protect;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.safeguarding.hub.register.Agency;

/**
 * Certificate revocation for agency certificates: the CA's CRL ({@code hub.pki.crl}), verified against the CA's
 * certificate and read again when the file changes (looked at no more than once a second). A revoked certificate authenticates nowhere (HTTPS, MLLP,
 * broker) and its agency receives nothing. A CRL whose signature does not verify is not used (the previous one
 * stays, and the problem is logged).
 */
public class Revocations {

    private static final Logger log = LoggerFactory.getLogger(Revocations.class);

    private final Path crlFile;
    private final X509Certificate issuer;
    private volatile X509CRL crl;
    private volatile FileTime loaded;
    private volatile long lastLook;

    public Revocations(Path crlFile, X509Certificate issuer) {
        this.crlFile = crlFile;
        this.issuer = issuer;
        refresh();
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
        return agencies.stream().map(a -> isRevoked(a.certificate()) ? a.asRevoked() : a).toList();
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
            log.info("Certificate revocation list {} loaded: {} revoked", crlFile,
                    fresh.getRevokedCertificates() == null ? 0 : fresh.getRevokedCertificates().size());
        } catch (Exception e) {
            log.error("Certificate revocation list {} not used: {}", crlFile, e.getMessage());
            loaded = null;
        }
    }
}
