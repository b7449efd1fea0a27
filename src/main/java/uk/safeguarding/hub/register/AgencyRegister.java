package uk.safeguarding.hub.register;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * The agency register, read from a YAML file at start. A bad entry (unknown role, missing certificate, two front
 * doors) stops the start with the entry named.
 */
public class AgencyRegister {

    private final Map<String, Agency> agencies;

    public AgencyRegister(Collection<Agency> agencies) {
        Map<String, Agency> byId = new LinkedHashMap<>();
        agencies.forEach(a -> byId.put(a.id(), a));
        this.agencies = Map.copyOf(byId);
    }

    public static AgencyRegister load(Path file, Path baseDir) {
        Object root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the agency register " + file + ": " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("agencies") instanceof Map<?, ?> entries)) {
            throw new IllegalStateException(file + ": expected a top-level 'agencies:' map keyed by agency id");
        }
        List<Agency> list = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        entries.forEach((key, value) -> {
            String id = String.valueOf(key);
            if (!(value instanceof Map<?, ?> e)) {
                problems.add("agency '" + id + "' must be a map");
                return;
            }
            try {
                AgencyRole role = AgencyRole.valueOf(String.valueOf(e.get("role")));
                Object certPath = e.get("certificate");
                if (certPath == null) {
                    problems.add("agency '" + id + "' has no certificate");
                    return;
                }
                X509Certificate cert = readCertificate(baseDir.resolve(String.valueOf(certPath)));
                java.net.URI pushUrl = null;
                X509Certificate pushCa = null;
                if (e.get("push") instanceof Map<?, ?> push) {
                    pushUrl = java.net.URI.create(String.valueOf(push.get("url")));
                    if (!"https".equals(pushUrl.getScheme())) {
                        problems.add("agency '" + id + "': push url must be https");
                        return;
                    }
                    if (push.get("ca") == null) {
                        problems.add("agency '" + id + "': push needs 'ca', the CA that issued the endpoint's certificate");
                        return;
                    }
                    pushCa = readCertificate(baseDir.resolve(String.valueOf(push.get("ca"))));
                } else if (e.containsKey("push")) {
                    problems.add("agency '" + id + "': push must be a map with url and ca");
                    return;
                }
                String format = e.containsKey("format") ? String.valueOf(e.get("format")) : Agency.FHIR;
                if (!Agency.FHIR.equals(format) && !Agency.HL7V2.equals(format)) {
                    problems.add("agency '" + id + "': format must be FHIR or HL7v2, not " + format);
                    return;
                }
                list.add(new Agency(id, String.valueOf(e.containsKey("name") ? e.get("name") : id), role,
                        Boolean.TRUE.equals(e.get("frontDoor")), !Boolean.FALSE.equals(e.get("active")), cert,
                        pushUrl, pushCa, format));
            } catch (IllegalArgumentException ex) {
                problems.add("agency '" + id + "' has unknown role '" + e.get("role") + "'");
            } catch (IllegalStateException ex) {
                problems.add("agency '" + id + "': " + ex.getMessage());
            }
        });
        long frontDoors = list.stream().filter(Agency::frontDoor).count();
        if (frontDoors > 1) {
            problems.add("more than one agency is marked frontDoor: true");
        }
        list.stream().filter(a -> a.frontDoor() && a.role() != AgencyRole.CHILDRENS_SOCIAL_CARE)
                .forEach(a -> problems.add("agency '" + a.id() + "' is a front door but not CHILDRENS_SOCIAL_CARE"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("agency register " + file + " is invalid: " + String.join("; ", problems));
        }
        return new AgencyRegister(list);
    }

    static X509Certificate readCertificate(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException("cannot read certificate " + path + ": " + e.getMessage());
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
        return agencies.values().stream().sorted(java.util.Comparator.comparing(Agency::id)).toList();
    }
}
