package uk.safeguarding.hub.register;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * Reads the agency register file ({@code config/agencies.yaml}) as the rule file is read: every problem found
 * (not valid YAML, an unknown key or role, a missing or unreadable certificate, a push endpoint that is not https,
 * two front doors) is listed with its line, and one problem refuses the whole file.
 */
final class AgencyRegisterFile {

    private static final Set<String> AGENCY_KEYS = Set.of(
            "name",
            "role",
            "frontDoor",
            "active",
            "certificate",
            "certificates",
            "format",
            "push",
            "mesh",
            "odsCode",
            "contacts",
            "sharingAgreement");
    private static final Set<String> PUSH_KEYS = Set.of("url", "ca");
    private static final Set<String> MESH_KEYS = Set.of("mailbox", "collect");
    /** A MESH mailbox id as MESH makes them: capitals and digits. */
    private static final java.util.regex.Pattern MESH_MAILBOX = java.util.regex.Pattern.compile("[A-Z0-9]{3,20}");

    private static final Set<String> HELD_KEYS = Set.of("certificate", "until");
    private static final Set<String> CONTACT_KEYS = Set.of("name", "email", "phone");
    private static final Set<String> AGREEMENT_KEYS = Set.of("reference", "reviewDate");

    private final String file;
    private final Path baseDir;
    private final X509Certificate ca;
    private final Set<String> known;
    private final List<String> problems = new ArrayList<>();

    private AgencyRegisterFile(String file, Path baseDir) {
        this(file, baseDir, null, Set.of());
    }

    private AgencyRegisterFile(String file, Path baseDir, X509Certificate ca, Set<String> known) {
        this.file = file;
        this.baseDir = baseDir;
        this.ca = ca;
        this.known = known;
    }

    static List<Agency> read(Path file, Path baseDir) {
        AgencyRegisterFile reader = new AgencyRegisterFile(file.toString(), baseDir);
        return reader.agencies(reader.entries(reader.text(file)));
    }

    /**
     * A register held as text (a stored version, or a change proposed through the API): its certificates are
     * written out in PEM, never paths ({@code baseDir} null refuses a path).
     */
    static List<Agency> parse(String text, String name) {
        AgencyRegisterFile reader = new AgencyRegisterFile(name, null);
        return reader.agencies(reader.entries(text));
    }

    /**
     * As {@link #parse(String, String)} for a proposed change: each agency certificate not {@code known} (held in
     * the register in force, by fingerprint) must also be issued by the trusted CA (its signature verifies with the
     * CA's key) and not yet expired.
     */
    static List<Agency> parse(String text, String name, X509Certificate ca, Set<String> known) {
        AgencyRegisterFile reader = new AgencyRegisterFile(name, null, ca, known);
        return reader.agencies(reader.entries(text));
    }

    /** The agency ids alone, for the development PKI made before the hub starts (no certificates yet). */
    static List<String> ids(Path file) {
        AgencyRegisterFile reader = new AgencyRegisterFile(file.toString(), null);
        Map<String, Node> entries = reader.entries(reader.text(file));
        reader.failIfProblems();
        return List.copyOf(entries.keySet());
    }

    private String text(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegisterFileException(file, List.of("cannot read: " + e.getMessage()));
        }
    }

    private Map<String, Node> entries(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new RegisterFileException(file, List.of("line " + line + ": not valid YAML: " + e.getProblem()));
        }
        Node agencies = root instanceof MappingNode top ? value(top, "agencies") : null;
        if (!(agencies instanceof MappingNode map)) {
            throw new RegisterFileException(
                    file,
                    List.of("line " + line(root == null ? null : agencies == null ? root : agencies)
                            + ": expected a top-level 'agencies:' map keyed by agency id"));
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String id = scalar(t.getKeyNode());
            if (id == null || id.isBlank()) {
                problem(t.getKeyNode(), "an agency id must be a plain name");
            } else if (entries.put(id, t.getValueNode()) != null) {
                problem(t.getKeyNode(), "agency '" + id + "' is listed twice");
            }
        }
        return entries;
    }

    private List<Agency> agencies(Map<String, Node> entries) {
        List<Agency> list = new ArrayList<>();
        Map<AgencyRole, Node> frontDoors = new java.util.EnumMap<>(AgencyRole.class);
        Map<String, String> mailboxes = new java.util.HashMap<>();
        for (var entry : entries.entrySet()) {
            Agency agency = agency(entry.getKey(), entry.getValue());
            if (agency == null) {
                continue;
            }
            if (agency.meshMailbox() != null) {
                String other = mailboxes.putIfAbsent(agency.meshMailbox(), agency.id());
                if (other != null) {
                    problem(
                            value((MappingNode) entry.getValue(), "mesh"),
                            "agency '" + agency.id() + "': MESH mailbox " + agency.meshMailbox()
                                    + " is already agency '" + other + "''s");
                }
            }
            if (agency.frontDoor()) {
                Node at = value((MappingNode) entry.getValue(), "frontDoor");
                Node first = frontDoors.putIfAbsent(agency.role(), at);
                if (first != null) {
                    problem(
                            at,
                            "a second " + agency.role() + " front door (the first is on line " + line(first)
                                    + "): one agency per role at most may be frontDoor: true");
                }
            }
            list.add(agency);
        }
        failIfProblems();
        return list;
    }

    private Agency agency(String id, Node node) {
        if (!(node instanceof MappingNode map)) {
            problem(node, "agency '" + id + "' must be a map (name, role, certificate, ...)");
            return null;
        }
        int before = problems.size();
        unknownKeys(map, AGENCY_KEYS, "agency '" + id + "'");
        AgencyRole role = null;
        Node roleNode = value(map, "role");
        if (roleNode == null) {
            problem(map, "agency '" + id + "' has no role");
        } else {
            try {
                role = AgencyRole.valueOf(scalar(roleNode));
            } catch (IllegalArgumentException | NullPointerException e) {
                problem(roleNode, "agency '" + id + "' has unknown role '" + scalar(roleNode) + "'");
            }
        }
        List<Agency.HeldCertificate> held = held(id, map);
        URI pushUrl = null;
        X509Certificate pushCa = null;
        Node push = value(map, "push");
        if (push instanceof MappingNode p) {
            unknownKeys(p, PUSH_KEYS, "agency '" + id + "' push");
            Node url = value(p, "url");
            try {
                pushUrl = url == null ? null : URI.create(scalar(url));
            } catch (IllegalArgumentException | NullPointerException e) {
                problem(url, "agency '" + id + "': push url is not a URL");
            }
            if (pushUrl == null || !"https".equals(pushUrl.getScheme())) {
                problem(url == null ? p : url, "agency '" + id + "': push url must be https");
            }
            Node ca = value(p, "ca");
            if (ca == null) {
                problem(p, "agency '" + id + "': push needs 'ca', the CA that issued the endpoint's certificate");
            } else {
                pushCa = certificate(ca);
            }
        } else if (push != null) {
            problem(push, "agency '" + id + "': push must be a map with url and ca");
        }
        String format = value(map, "format") == null ? Agency.FHIR : scalar(value(map, "format"));
        if (!Agency.FHIR.equals(format) && !Agency.HL7V2.equals(format)) {
            problem(value(map, "format"), "agency '" + id + "': format must be FHIR or HL7v2, not " + format);
        }
        Agency.Mesh mesh = mesh(id, map);
        if (mesh != null && mesh.collects() && pushUrl != null) {
            problem(
                    value(map, "mesh"),
                    "agency '" + id + "': collects its shares either by push or through MESH, not both");
        }
        boolean frontDoor = flag(map, "frontDoor", false, id);
        boolean active = flag(map, "active", true, id);
        Agency.Details details = details(id, map);
        if (problems.size() > before) {
            return null;
        }
        Node name = value(map, "name");
        return new Agency(
                id,
                name == null ? id : scalar(name),
                role,
                frontDoor,
                active,
                held,
                pushUrl,
                pushCa,
                format,
                false,
                details,
                mesh);
    }

    /** {@code mesh:} its mailbox id and whether it collects its shares there ({@code collect}, default false). */
    private Agency.Mesh mesh(String id, MappingNode map) {
        Node mesh = value(map, "mesh");
        if (mesh == null) {
            return null;
        }
        if (!(mesh instanceof MappingNode m)) {
            problem(mesh, "agency '" + id + "': mesh must be a map with mailbox and collect");
            return null;
        }
        unknownKeys(m, MESH_KEYS, "agency '" + id + "' mesh");
        Node mailbox = value(m, "mailbox");
        String mailboxId = mailbox == null ? null : scalar(mailbox);
        if (mailboxId == null || !MESH_MAILBOX.matcher(mailboxId).matches()) {
            problem(
                    mailbox == null ? m : mailbox,
                    "agency '" + id + "': mesh mailbox must be a MESH mailbox id (3 to 20 capitals and digits)");
            return null;
        }
        return new Agency.Mesh(mailboxId, flag(m, "collect", false, id));
    }

    /** {@code certificate: <one>}, or {@code certificates:} a list of {@code certificate} with an optional {@code until}. */
    private List<Agency.HeldCertificate> held(String id, MappingNode map) {
        Node one = value(map, "certificate");
        Node list = value(map, "certificates");
        List<Agency.HeldCertificate> held = new ArrayList<>();
        if (one != null && list != null) {
            problem(list, "agency '" + id + "': give either certificate or certificates, not both");
        } else if (one != null) {
            X509Certificate c = issued(one, certificate(one));
            if (c != null) {
                held.add(new Agency.HeldCertificate(c, null));
            }
        } else if (list instanceof SequenceNode items && !items.getValue().isEmpty()) {
            if (items.getValue().size() > 2) {
                problem(list, "agency '" + id + "': at most two certificates (the old and the new, during a rotation)");
            }
            for (Node item : items.getValue()) {
                if (!(item instanceof MappingNode m) || value(m, "certificate") == null) {
                    problem(
                            item,
                            "agency '" + id + "': each of certificates needs 'certificate' (and may have 'until')");
                    continue;
                }
                unknownKeys(m, HELD_KEYS, "agency '" + id + "' certificates");
                X509Certificate c = issued(value(m, "certificate"), certificate(value(m, "certificate")));
                java.time.Instant until = null;
                Node u = value(m, "until");
                if (u != null) {
                    try {
                        until = instant(scalar(u));
                    } catch (java.time.format.DateTimeParseException | NullPointerException e) {
                        problem(
                                u,
                                "agency '" + id
                                        + "': until must be a date (2027-01-31) or a time (2027-01-31T12:00:00Z)");
                    }
                }
                if (c != null) {
                    held.add(new Agency.HeldCertificate(c, until));
                }
            }
        } else {
            problem(list == null ? map : list, "agency '" + id + "' has no certificate");
        }
        return held;
    }

    private Agency.Details details(String id, MappingNode map) {
        Node ods = value(map, "odsCode");
        String odsCode = ods == null ? null : scalar(ods);
        if (odsCode != null && !odsCode.matches("[A-Z0-9]{3,10}")) {
            problem(ods, "agency '" + id + "': odsCode must be 3 to 10 capital letters and digits, not " + odsCode);
        }
        List<Agency.Contact> contacts = new ArrayList<>();
        Node c = value(map, "contacts");
        if (c instanceof SequenceNode items) {
            for (Node item : items.getValue()) {
                if (!(item instanceof MappingNode m) || value(m, "name") == null) {
                    problem(item, "agency '" + id + "': each contact needs a name (and an email or phone)");
                    continue;
                }
                unknownKeys(m, CONTACT_KEYS, "agency '" + id + "' contact");
                String email = text(m, "email");
                if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                    problem(value(m, "email"), "agency '" + id + "': contact email is not an email address");
                }
                contacts.add(new Agency.Contact(text(m, "name"), email, text(m, "phone")));
            }
        } else if (c != null) {
            problem(c, "agency '" + id + "': contacts must be a list of name, email, phone");
        }
        String reference = null;
        java.time.LocalDate review = null;
        Node a = value(map, "sharingAgreement");
        if (a instanceof MappingNode m) {
            unknownKeys(m, AGREEMENT_KEYS, "agency '" + id + "' sharingAgreement");
            reference = text(m, "reference");
            if (reference == null) {
                problem(m, "agency '" + id + "': sharingAgreement needs its reference");
            }
            Node r = value(m, "reviewDate");
            try {
                review = r == null ? null : java.time.LocalDate.parse(scalar(r));
            } catch (java.time.format.DateTimeParseException | NullPointerException e) {
                problem(r, "agency '" + id + "': reviewDate must be a date (2027-03-31)");
            }
            if (r == null) {
                problem(m, "agency '" + id + "': sharingAgreement needs its reviewDate");
            }
        } else if (a != null) {
            problem(a, "agency '" + id + "': sharingAgreement must be a map with reference and reviewDate");
        }
        return new Agency.Details(odsCode, contacts, reference, review);
    }

    /** The certificate, if the trusted CA issued it and it has not expired (when checking against a CA). */
    private X509Certificate issued(Node at, X509Certificate c) {
        if (c == null || ca == null || known.contains(AgencyTrust.fingerprint(c))) {
            return c;
        }
        try {
            c.verify(ca.getPublicKey());
        } catch (java.security.GeneralSecurityException e) {
            problem(
                    at,
                    "certificate " + c.getSubjectX500Principal().getName() + " was not issued by the trusted CA ("
                            + ca.getSubjectX500Principal().getName() + ")");
            return null;
        }
        if (c.getNotAfter().toInstant().isBefore(java.time.Instant.now())) {
            problem(
                    at,
                    "certificate " + c.getSubjectX500Principal().getName() + " expired on "
                            + c.getNotAfter().toInstant());
            return null;
        }
        return c;
    }

    static java.time.Instant instant(String text) {
        return text.length() == 10
                ? java.time.LocalDate.parse(text)
                        .atStartOfDay(java.time.ZoneOffset.UTC)
                        .toInstant()
                : java.time.Instant.parse(text);
    }

    /** A path to a PEM file (the seed file only) or the PEM itself. */
    private X509Certificate certificate(Node node) {
        String value = scalar(node);
        if (value != null && value.strip().startsWith("-----BEGIN")) {
            try {
                return uk.safeguarding.hub.register.Pem.certificate(value);
            } catch (IOException e) {
                problem(node, "not a PEM certificate: " + e.getMessage());
                return null;
            }
        }
        if (baseDir == null) {
            problem(node, "a certificate here must be given in PEM, not as a file");
            return null;
        }
        try {
            return AgencyRegister.readCertificate(baseDir.resolve(value));
        } catch (IllegalStateException | NullPointerException e) {
            problem(node, e.getMessage() == null ? "not a certificate file" : e.getMessage());
            return null;
        }
    }

    private static String text(MappingNode map, String key) {
        Node n = value(map, key);
        String v = n == null ? null : scalar(n);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private boolean flag(MappingNode map, String key, boolean otherwise, String id) {
        Node node = value(map, key);
        if (node == null) {
            return otherwise;
        }
        String v = scalar(node);
        if (!"true".equals(v) && !"false".equals(v)) {
            problem(node, "agency '" + id + "': " + key + " must be true or false, not " + v);
            return otherwise;
        }
        return Boolean.parseBoolean(v);
    }

    private void unknownKeys(MappingNode map, Set<String> known, String what) {
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            if (!known.contains(key)) {
                problem(
                        t.getKeyNode(),
                        what + ": unknown key '" + key + "' (known: "
                                + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private void failIfProblems() {
        if (!problems.isEmpty()) {
            throw new RegisterFileException(file, problems);
        }
    }

    private void problem(Node at, String what) {
        problems.add("line " + line(at) + ": " + what);
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null
                ? 1
                : node.getStartMark().getLine() + 1;
    }

    private static Node value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (key.equals(scalar(t.getKeyNode()))) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }
}
