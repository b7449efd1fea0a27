package uk.safeguarding.hub.register;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agency register, read from a YAML file at start ({@link AgencyRegisterFile}). A bad file stops the start
 * with every problem and its line.
 */
public class AgencyRegister {

    private final Map<String, Agency> agencies;

    public AgencyRegister(Collection<Agency> agencies) {
        Map<String, Agency> byId = new LinkedHashMap<>();
        agencies.forEach(a -> byId.put(a.id(), a));
        this.agencies = Map.copyOf(byId);
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

    public Optional<Agency> find(String id) {
        return Optional.ofNullable(agencies.get(id));
    }

    /**
     * The agency whose registered certificate has this issuer and serial number: for transports that report the
     * verified peer certificate by those (MLLP). Within one trusting CA they name one certificate.
     */
    public Optional<Agency> findByCertificate(String issuer, String serial) {
        if (issuer == null || serial == null) {
            return Optional.empty();
        }
        return agencies.values().stream()
                .filter(a -> a.certificate() != null
                        && a.certificate().getIssuerX500Principal().toString().equals(issuer)
                        && a.certificate().getSerialNumber().toString().equals(serial))
                .findFirst();
    }

    public Collection<Agency> all() {
        return agencies.values().stream()
                .sorted(java.util.Comparator.comparing(Agency::id))
                .toList();
    }
}
