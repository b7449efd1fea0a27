package uk.safeguarding.hub.policy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.Words;
import uk.safeguarding.hub.policy.RuleSet.BasisOption;
import uk.safeguarding.hub.policy.RuleSet.EventRules;
import uk.safeguarding.hub.policy.RuleSet.Profile;
import uk.safeguarding.hub.policy.RuleSet.Reach;
import uk.safeguarding.hub.policy.RuleSet.SharingRule;

/**
 * Reads a sharing-rule file (YAML; the format is described at the top of {@code config/rules/sharing-rules.yaml})
 * and checks it: unknown keys, events, roles, bases and profiles; a statutory basis offered to a role the law does
 * not let it serve; a rule that can never be reached. Every problem names its line; one problem refuses the file.
 */
public final class RuleFileLoader {

    private static final Set<String> TOP_KEYS = Set.of("version", "events", "profiles");
    private static final Set<String> EVENT_KEYS = Set.of("guidance", "senders", "urgentWhen", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "guidance", "recipients", "reach", "bases", "profile");
    private static final Set<String> BASIS_KEYS = Set.of("basis", "guidance", "when", "purposes");
    private static final Set<String> CONDITION_KEYS = Set.of("assertions", "referralLevels");
    private static final Set<String> PROFILE_KEYS = Set.of("description", "resources", "remove");

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Set<String> FHIR_TYPES = FHIR.getResourceTypes();

    private final String source;
    private final List<String> problems = new ArrayList<>();
    private final List<RuleFileException.Located> located = new ArrayList<>();
    private final Map<Node, String> paths = new java.util.IdentityHashMap<>();

    private RuleFileLoader(String source) {
        this.source = source;
    }

    public static RuleSet load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new RuleFileException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    public static RuleSet parse(String yaml, String source) {
        return new RuleFileLoader(source).read(yaml);
    }

    private RuleSet read(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new RuleFileException(source, List.of(yamlProblem(e)));
        }
        index(root, "");
        if (!(root instanceof MappingNode)) {
            throw new RuleFileException(
                    source, List.of("line 1: the file must be a map with version, events, profiles"));
        }
        Map<String, Node> top = mapping(root, TOP_KEYS);
        int version = integer(top.get("version"), "version", root);
        if (version < 1) {
            problem(root, "version must be a positive whole number");
        }
        Map<String, Profile> profiles = profiles(top.get("profiles"));
        Map<Event, EventRules> events = new EnumMap<>(Event.class);
        Node eventsNode = top.get("events");
        if (eventsNode == null) {
            problem(root, "'events' is required");
        } else if (eventsNode instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String code = scalar(t.getKeyNode());
                var event = Event.fromCode(code);
                if (event.isEmpty()) {
                    problem(t.getKeyNode(), "unknown event '" + code + "'");
                    continue;
                }
                events.put(event.get(), eventRules(event.get(), t.getValueNode(), profiles));
            }
        } else {
            problem(eventsNode, "'events' must be a map keyed by event code");
        }
        if (!problems.isEmpty()) {
            throw new RuleFileException(source, problems, located);
        }
        return new RuleSet(version, Map.copyOf(events), Map.copyOf(profiles), text);
    }

    /**
     * A syntax problem against the line where the officer made it: a key without its colon, or a list left open,
     * is only noticed on a later line, so it names the line where the key or the list starts (the scanner's
     * context), and the later line as well.
     */
    static String yamlProblem(MarkedYAMLException e) {
        int found = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
        int started = e.getContextMark() == null ? found : e.getContextMark().getLine() + 1;
        boolean startsEarlier = started < found
                && (e instanceof org.yaml.snakeyaml.scanner.ScannerException
                        || String.valueOf(e.getContext()).contains("flow"));
        return startsEarlier
                ? "line " + started + ": not valid YAML: " + e.getProblem() + " (noticed on line " + found + ")"
                : "line " + found + ": not valid YAML: " + e.getProblem();
    }

    private EventRules eventRules(Event event, Node node, Map<String, Profile> profiles) {
        Map<String, Node> map = mapping(node, EVENT_KEYS);
        Set<AgencyRole> senders = roles(map.get("senders"), node, "senders");
        Condition urgent = map.containsKey("urgentWhen") ? condition(map.get("urgentWhen")) : null;
        List<SharingRule> rules = new ArrayList<>();
        Node rulesNode = map.get("rules");
        if (rulesNode instanceof SequenceNode seq) {
            for (Node ruleNode : seq.getValue()) {
                SharingRule rule = rule(event, ruleNode, profiles);
                if (rule == null) {
                    continue;
                }
                for (SharingRule earlier : rule.recipients().isEmpty() ? List.<SharingRule>of() : rules) {
                    Set<AgencyRole> overlap = EnumSet.copyOf(rule.recipients());
                    overlap.retainAll(earlier.recipients());
                    if (overlap.equals(rule.recipients())) {
                        problem(
                                ruleNode,
                                "rule '" + rule.id() + "' can never apply: rule '" + earlier.id() + "' (line "
                                        + earlier.line() + ") already covers " + overlap);
                    }
                }
                rules.add(rule);
            }
        } else if (rulesNode != null) {
            problem(rulesNode, "'rules' must be a list");
        }
        return new EventRules(
                senders,
                urgent == null ? new Condition(Set.of(), Set.of()) : urgent,
                List.copyOf(rules),
                text(map.get("guidance")));
    }

    private SharingRule rule(Event event, Node node, Map<String, Profile> profiles) {
        Map<String, Node> map = mapping(node, RULE_KEYS);
        String id = map.containsKey("id") ? scalar(map.get("id")) : null;
        if (id == null || id.isBlank()) {
            problem(node, "every rule needs an 'id'");
            return null;
        }
        Set<AgencyRole> recipients = roles(map.get("recipients"), node, "recipients");
        if (recipients.isEmpty()) {
            problem(map.getOrDefault("recipients", node), "rule '" + id + "' names no recipients");
        }
        Reach reach = Reach.INVOLVED;
        if (map.containsKey("reach")) {
            String r = scalar(map.get("reach"));
            try {
                reach = Reach.valueOf(r);
            } catch (IllegalArgumentException e) {
                problem(
                        map.get("reach"),
                        "unknown reach '" + r + "' (one of " + java.util.Arrays.toString(Reach.values()) + ")");
            }
        }
        if (reach == Reach.REQUESTER && event != Event.S47_INFORMATION_RESPONSE && event != Event.REFERRAL_OUTCOME) {
            problem(
                    map.get("reach"),
                    "rule '" + id + "': reach REQUESTER only applies to s47-information-response and referral-outcome");
        }
        if (event == Event.REFERRAL_OUTCOME && reach != Reach.REQUESTER) {
            problem(
                    map.containsKey("reach") ? map.get("reach") : node,
                    "rule '" + id + "': a referral outcome goes only to the referrer (reach REQUESTER)");
        }
        if (reach == Reach.NAMED_OR_INVOLVED && event != Event.S47_INFORMATION_REQUEST) {
            problem(
                    map.get("reach"),
                    "rule '" + id + "': reach NAMED_OR_INVOLVED only applies to s47-information-request");
        }
        List<BasisOption> bases = new ArrayList<>();
        if (map.get("bases") instanceof SequenceNode seq) {
            for (Node b : seq.getValue()) {
                Map<String, Node> bm = mapping(b, BASIS_KEYS);
                String name = bm.containsKey("basis") ? scalar(bm.get("basis")) : null;
                Basis basis;
                try {
                    basis = Basis.valueOf(String.valueOf(name));
                } catch (IllegalArgumentException e) {
                    problem(b, "unknown basis '" + name + "'");
                    continue;
                }
                for (AgencyRole role : recipients) {
                    if (basis.statutory()
                            && role != AgencyRole.CHILDRENS_SOCIAL_CARE
                            && !statutoryBeyondSocialCare(event, basis)) {
                        problem(
                                b,
                                "rule '" + id + "' offers " + Words.EN.basis(basis) + " (" + basis + ") to "
                                        + Words.EN.roles(role) + " (" + role + "): a statutory basis only"
                                        + " authorises sharing with children's social care, except a child"
                                        + " protection plan for the plan's core group (plan notices, treatment"
                                        + " dropouts and changes, pregnancies), social care's own Section 47"
                                        + " information request, and a referral's outcome to the referrer");
                    }
                }
                Set<String> purposes = new LinkedHashSet<>(strings(bm.get("purposes")));
                if (!purposes.isEmpty() && basis != Basis.CONSENT) {
                    problem(
                            bm.get("purposes"),
                            "rule '" + id + "': purposes belong to a CONSENT basis, not " + basis
                                    + " (statutory bases never depend on consent)");
                }
                bases.add(new BasisOption(
                        basis,
                        bm.containsKey("when") ? condition(bm.get("when")) : Condition.ALWAYS,
                        Set.copyOf(purposes),
                        text(bm.get("guidance"))));
            }
        } else {
            problem(node, "rule '" + id + "' needs a list of 'bases'");
        }
        String profile = map.containsKey("profile") ? scalar(map.get("profile")) : null;
        if (profile == null) {
            problem(node, "rule '" + id + "' needs a minimum-necessary 'profile'");
        } else if (!profiles.containsKey(profile)) {
            problem(map.get("profile"), "rule '" + id + "' names unknown profile '" + profile + "'");
        }
        return new SharingRule(
                id,
                Set.copyOf(recipients.isEmpty() ? EnumSet.noneOf(AgencyRole.class) : recipients),
                reach,
                List.copyOf(bases),
                profile,
                text(map.get("guidance")),
                line(node));
    }

    /**
     * The statutory shares that go beyond children's social care: under a child protection plan, the plan's status,
     * a parent's treatment dropout and a change of treatment to the core group, every agency involved with the
     * family (Middlesbrough reviews: "is the plan then circulated to all involved"; Joint guidance §4 "where a parent drops out of treatment, all
     * relevant services will be notified"; Derbyshire procedure §5 "any other agencies involved with the child are aware of the
     * plan"), and a pregnancy under a pre-birth plan to the plan's core group (Derbyshire procedure §2 "raised with the Midwife and
     * GP"; Working Together §4 "maternity services ... must be involved"); and children's social care's own Section 47 request to
     * the agency it asks (Derbyshire procedure §3); and a referral's outcome to the referrer and no one else (Derbyshire procedure §3; Middlesbrough reviews: "follow
     * up"), on the basis the referral was shared on.
     */
    public static boolean statutoryBeyondSocialCare(Event event, Basis basis) {
        return (basis == Basis.CHILD_PROTECTION_PLAN
                        && (event == Event.CP_PLAN_STATUS
                                || event == Event.TREATMENT_DROPOUT
                                || event == Event.TREATMENT_CHANGE
                                || event == Event.PREGNANCY_SUBSTANCE_USE))
                || (event == Event.S47_INFORMATION_REQUEST && basis == Basis.SECTION_47)
                || event == Event.REFERRAL_OUTCOME;
    }

    private Condition condition(Node node) {
        Map<String, Node> map = mapping(node, CONDITION_KEYS);
        Set<String> assertions = new LinkedHashSet<>(strings(map.get("assertions")));
        Set<Integer> levels = new LinkedHashSet<>();
        for (String s : strings(map.get("referralLevels"))) {
            if (!Set.of("1", "2", "3").contains(s)) {
                problem(map.get("referralLevels"), "referral levels are 1, 2 or 3, not '" + s + "'");
            } else {
                levels.add(Integer.parseInt(s));
            }
        }
        if (assertions.isEmpty() && levels.isEmpty()) {
            problem(node, "a 'when' condition needs assertions or referralLevels");
        }
        return new Condition(Set.copyOf(assertions), Set.copyOf(levels));
    }

    private Map<String, Profile> profiles(Node node) {
        Map<String, Profile> profiles = new LinkedHashMap<>();
        if (node == null) {
            return profiles;
        }
        if (!(node instanceof MappingNode m)) {
            problem(node, "'profiles' must be a map keyed by profile name");
            return profiles;
        }
        for (NodeTuple t : m.getValue()) {
            String name = scalar(t.getKeyNode());
            Map<String, Node> map = mapping(t.getValueNode(), PROFILE_KEYS);
            List<String> resources = strings(map.get("resources"));
            if (resources.isEmpty()) {
                problem(t.getValueNode(), "profile '" + name + "' must list the resource types it keeps");
            }
            for (String type : resources) {
                if (!FHIR_TYPES.contains(type)) {
                    problem(
                            map.get("resources"),
                            "profile '" + name + "': '" + type + "' is not a FHIR R4 resource type");
                }
            }
            List<String> remove = strings(map.get("remove"));
            for (String path : remove) {
                String[] parts = path.split("\\.", 2);
                if (parts.length != 2 || !FHIR_TYPES.contains(parts[0])) {
                    problem(
                            map.get("remove"),
                            "profile '" + name + "': '" + path + "' is not of the form Type.element");
                } else if (FHIR.getResourceDefinition(parts[0]).getChildByName(parts[1]) == null) {
                    problem(
                            map.get("remove"),
                            "profile '" + name + "': " + parts[0] + " has no element '" + parts[1] + "'");
                }
            }
            profiles.put(
                    name,
                    new Profile(
                            name,
                            map.containsKey("description") ? scalar(map.get("description")) : "",
                            Set.copyOf(resources),
                            List.copyOf(remove)));
        }
        return profiles;
    }

    private Set<AgencyRole> roles(Node node, Node parent, String what) {
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        if (node == null) {
            problem(parent, "'" + what + "' is required");
            return roles;
        }
        for (String s : strings(node)) {
            try {
                roles.add(AgencyRole.valueOf(s));
            } catch (IllegalArgumentException e) {
                problem(node, "unknown agency role '" + s + "' in " + what);
            }
        }
        return roles;
    }

    private Map<String, Node> mapping(Node node, Set<String> allowed) {
        Map<String, Node> map = new LinkedHashMap<>();
        if (!(node instanceof MappingNode m)) {
            problem(node, "expected a map with keys " + allowed);
            return map;
        }
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode());
            if (!allowed.contains(key)) {
                problem(t.getKeyNode(), "unknown key '" + key + "' (allowed: " + allowed + ")");
            }
            map.put(key, t.getValueNode());
        }
        return map;
    }

    private List<String> strings(Node node) {
        List<String> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (node instanceof SequenceNode seq) {
            for (Node n : seq.getValue()) {
                out.add(scalar(n));
            }
        } else {
            problem(node, "expected a list");
        }
        return out;
    }

    /** An optional free text: null when absent or blank. */
    private String text(Node node) {
        if (node == null) {
            return null;
        }
        String value = scalar(node).strip();
        return value.isEmpty() ? null : value;
    }

    private String scalar(Node node) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(node, "expected a single value");
        return "";
    }

    private int integer(Node node, String what, Node parent) {
        if (node == null) {
            problem(parent, "'" + what + "' is required");
            return 0;
        }
        try {
            return Integer.parseInt(scalar(node));
        } catch (NumberFormatException e) {
            problem(node, "'" + what + "' must be a whole number");
            return 0;
        }
    }

    private void problem(Node node, String text) {
        problems.add("line " + line(node) + ": " + text);
        located.add(new RuleFileException.Located(line(node), node == null ? "" : paths.getOrDefault(node, ""), text));
    }

    /** Where each node is: its keys and list positions from the top, "events/referral/rules/0". */
    private void index(Node node, String path) {
        if (node == null) {
            return;
        }
        paths.put(node, path);
        String prefix = path.isEmpty() ? "" : path + "/";
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                paths.put(t.getKeyNode(), prefix + key);
                index(t.getValueNode(), prefix + key);
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                index(seq.getValue().get(i), prefix + i);
            }
        }
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
