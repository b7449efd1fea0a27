package uk.safeguarding.hub.register;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agency register in force. It starts from the register file ({@link AgencyRegisterFile}; a bad file stops the
 * start with every problem and its line) and, on a running hub, is replaced whole by each approved version of the
 * governed register ({@link AgencyStore}): a reader always sees one version, never half of one.
 */
public class AgencyRegister {

    private record Snapshot(Map<String, Agency> byId, Map<String, Agency> byFingerprint, int version) {}

    private volatile Snapshot current;

    public AgencyRegister(Collection<Agency> agencies) {
        this.current = snapshot(agencies, 0);
    }

    /** Reads the register file; certificate paths are relative to {@code baseDir}. */
    public static AgencyRegister load(Path file, Path baseDir) {
        return new AgencyRegister(AgencyRegisterFile.read(file, baseDir));
    }

    /** The agency ids in the register file, without reading their certificates. */
    public static List<String> ids(Path file) {
        return AgencyRegisterFile.ids(file);
    }

    static X509Certificate readCertificate(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read certificate " + path + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }

    /** Puts a whole register version in force at once. */
    public void replace(Collection<Agency> agencies, int version) {
        this.current = snapshot(agencies, version);
    }

    /** The governed register's version in force (0: the file, before the store took it in). */
    public int version() {
        return current.version();
    }

    private static Snapshot snapshot(Collection<Agency> agencies, int version) {
        Map<String, Agency> byId = new LinkedHashMap<>();
        Map<String, Agency> byFingerprint = new HashMap<>();
        agencies.stream().sorted(Comparator.comparing(Agency::id)).forEach(a -> {
            byId.put(a.id(), a);
            a.certificates().forEach(h -> byFingerprint.put(AgencyTrust.fingerprint(h.certificate()), a));
        });
        return new Snapshot(java.util.Collections.unmodifiableMap(byId), Map.copyOf(byFingerprint), version);
    }

    public Optional<Agency> find(String id) {
        return Optional.ofNullable(current.byId().get(id));
    }

    /** The agency holding this certificate (by SHA-256 fingerprint), whether or not it is still in force. */
    Optional<Agency> findByFingerprint(String fingerprint) {
        return Optional.ofNullable(current.byFingerprint().get(fingerprint));
    }

    /**
     * The agency holding a certificate in force with this issuer and serial number, and that certificate: for
     * transports that report the verified peer certificate by those (MLLP). Within one CA they name one
     * certificate.
     */
    Optional<Map.Entry<Agency, X509Certificate>> findByCertificate(String issuer, String serial) {
        if (issuer == null || serial == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        for (Agency a : current.byId().values()) {
            for (X509Certificate c : a.certificatesInForce(now)) {
                if (c.getIssuerX500Principal().toString().equals(issuer)
                        && c.getSerialNumber().toString().equals(serial)) {
                    return Optional.of(Map.entry(a, c));
                }
            }
        }
        return Optional.empty();
    }

    public Collection<Agency> all() {
        return current.byId().values();
    }
}
