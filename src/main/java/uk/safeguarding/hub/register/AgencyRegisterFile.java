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
import uk.safeguarding.hub.message.AgencyRole;

/**
 * Reads the agency register file ({@code config/agencies.yaml}) as the rule file is read: every problem found
 * (not valid YAML, an unknown key or role, a missing or unreadable certificate, a push endpoint that is not https,
 * two front doors) is listed with its line, and one problem refuses the whole file.
 */
final class AgencyRegisterFile {

    private static final Set<String> AGENCY_KEYS =
            Set.of("name", "role", "frontDoor", "active", "certificate", "format", "push");
    private static final Set<String> PUSH_KEYS = Set.of("url", "ca");

    private final String file;
    private final Path baseDir;
    private final List<String> problems = new ArrayList<>();

    private AgencyRegisterFile(String file, Path baseDir) {
        this.file = file;
        this.baseDir = baseDir;
    }

    static List<Agency> read(Path file, Path baseDir) {
        AgencyRegisterFile reader = new AgencyRegisterFile(file.toString(), baseDir);
        return reader.agencies(reader.entries(file));
    }

    /** The agency ids alone, for the development PKI made before the hub starts (no certificates yet). */
    static List<String> ids(Path file) {
        AgencyRegisterFile reader = new AgencyRegisterFile(file.toString(), null);
        Map<String, Node> entries = reader.entries(file);
        reader.failIfProblems();
        return List.copyOf(entries.keySet());
    }

    private Map<String, Node> entries(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegisterFileException(file, List.of("cannot read: " + e.getMessage()));
        }
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
        for (var entry : entries.entrySet()) {
            Agency agency = agency(entry.getKey(), entry.getValue());
            if (agency == null) {
                continue;
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
        X509Certificate certificate = null;
        Node certNode = value(map, "certificate");
        if (certNode == null) {
            problem(map, "agency '" + id + "' has no certificate");
        } else {
            certificate = certificate(certNode);
        }
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
        boolean frontDoor = flag(map, "frontDoor", false, id);
        boolean active = flag(map, "active", true, id);
        if (problems.size() > before) {
            return null;
        }
        Node name = value(map, "name");
        return new Agency(
                id, name == null ? id : scalar(name), role, frontDoor, active, certificate, pushUrl, pushCa, format);
    }

    private X509Certificate certificate(Node node) {
        try {
            return AgencyRegister.readCertificate(baseDir.resolve(scalar(node)));
        } catch (IllegalStateException | NullPointerException e) {
            problem(node, e.getMessage() == null ? "not a certificate file" : e.getMessage());
            return null;
        }
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
