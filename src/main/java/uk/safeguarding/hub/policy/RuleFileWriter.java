package uk.safeguarding.hub.policy;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.policy.RuleSet.BasisOption;
import uk.safeguarding.hub.policy.RuleSet.EventRules;
import uk.safeguarding.hub.policy.RuleSet.Profile;
import uk.safeguarding.hub.policy.RuleSet.Reach;
import uk.safeguarding.hub.policy.RuleSet.SharingRule;

/**
 * Writes rules as the rule file the {@link RuleFileLoader} reads, in one layout: events in catalogue order, roles
 * in register order, the officers' notes as {@code guidance} values (so they survive a change made with the
 * console's forms). SnakeYAML's emitter does the quoting.
 */
public final class RuleFileWriter {

    static final String HEADER = """
            # Sharing rules of the Safeguarding Hub, owned by the information governance officers.
            # Change them in the console (Rules, then "Change the rules"): it checks them, writes this file and
            # gives each approved change the next version. The format, the bases and the reach of each rule are
            # described in docs/decisions.md; the hub refuses a file with a problem, naming its line.
            """;

    private RuleFileWriter() {}

    public static String write(RuleSet rules) {
        List<NodeTuple> top = new ArrayList<>();
        top.add(tuple("version", new ScalarNode(Tag.INT, String.valueOf(rules.version()), null, null, plain())));
        List<NodeTuple> events = new ArrayList<>();
        for (Event event : Event.values()) {
            EventRules e = rules.events().get(event);
            if (e != null) {
                events.add(tuple(event.code(), event(e)));
            }
        }
        top.add(tuple("events", map(events)));
        List<NodeTuple> profiles = new ArrayList<>();
        rules.profiles().values().stream()
                .sorted(Comparator.comparing(Profile::name))
                .forEach(p -> profiles.add(tuple(p.name(), profile(p))));
        top.add(tuple("profiles", map(profiles)));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        options.setWidth(200);
        StringWriter yaml = new StringWriter();
        new Yaml(options).serialize(map(top), yaml);
        return HEADER + spaced(yaml.toString());
    }

    /** A blank line before each top-level key and before each event and profile but the first under its key. */
    private static String spaced(String yaml) {
        StringBuilder out = new StringBuilder();
        String previous = null;
        for (String line : yaml.split("\n", -1)) {
            boolean topLevel = !line.isEmpty() && Character.isLetter(line.charAt(0));
            boolean entry = line.matches("  [A-Za-z0-9-]+:\\s*");
            if (previous != null && (topLevel || entry && !Character.isLetter(previous.charAt(0)))) {
                out.append('\n');
            }
            out.append(line).append('\n');
            previous = line.isEmpty() ? previous : line;
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static Node event(EventRules e) {
        List<NodeTuple> t = new ArrayList<>();
        text(t, "guidance", e.guidance());
        t.add(tuple("senders", roles(e.senders())));
        if (!e.urgentWhen().always()) {
            t.add(tuple("urgentWhen", condition(e.urgentWhen())));
        }
        List<Node> rules = new ArrayList<>();
        e.rules().forEach(r -> rules.add(rule(r)));
        t.add(tuple("rules", new SequenceNode(Tag.SEQ, rules, rules.isEmpty() ? flow() : block())));
        return map(t);
    }

    private static Node rule(SharingRule r) {
        List<NodeTuple> t = new ArrayList<>();
        t.add(tuple("id", str(r.id())));
        text(t, "guidance", r.guidance());
        t.add(tuple("recipients", roles(r.recipients())));
        if (r.reach() != Reach.INVOLVED) {
            t.add(tuple("reach", str(r.reach().name())));
        }
        List<Node> bases = new ArrayList<>();
        for (BasisOption b : r.bases()) {
            List<NodeTuple> bt = new ArrayList<>();
            bt.add(tuple("basis", str(b.basis().name())));
            text(bt, "guidance", b.guidance());
            if (!b.when().always()) {
                bt.add(tuple("when", condition(b.when())));
            }
            if (!b.purposes().isEmpty()) {
                bt.add(tuple("purposes", strings(sorted(b.purposes(), PURPOSE_ORDER))));
            }
            bases.add(map(bt));
        }
        t.add(tuple("bases", new SequenceNode(Tag.SEQ, bases, block())));
        t.add(tuple("profile", str(r.profile())));
        return map(t);
    }

    private static Node condition(Condition c) {
        List<NodeTuple> t = new ArrayList<>();
        if (!c.assertions().isEmpty()) {
            t.add(tuple("assertions", strings(c.assertions().stream().sorted().toList())));
        }
        if (!c.referralLevels().isEmpty()) {
            List<Node> levels = new ArrayList<>();
            c.referralLevels().stream()
                    .sorted()
                    .forEach(l -> levels.add(new ScalarNode(Tag.INT, String.valueOf(l), null, null, plain())));
            t.add(tuple("referralLevels", new SequenceNode(Tag.SEQ, levels, flow())));
        }
        return map(t);
    }

    private static Node profile(Profile p) {
        List<NodeTuple> t = new ArrayList<>();
        t.add(tuple("description", str(p.description() == null ? "" : p.description())));
        t.add(tuple("resources", strings(sorted(p.resources(), RESOURCE_ORDER))));
        t.add(tuple("remove", strings(p.remove())));
        return map(t);
    }

    /** The order the shipped file has always used: header and people first. */
    private static final List<String> RESOURCE_ORDER = List.of("MessageHeader", "Patient", "RelatedPerson");

    private static final List<String> PURPOSE_ORDER = List.of("TREAT", "COC", "CAREMGT");

    private static List<String> sorted(Collection<String> values, List<String> first) {
        return values.stream()
                .sorted(Comparator.comparingInt((String v) -> first.contains(v) ? first.indexOf(v) : first.size())
                        .thenComparing(Comparator.naturalOrder()))
                .toList();
    }

    private static Node roles(Collection<AgencyRole> roles) {
        return strings(roles.stream().sorted().map(AgencyRole::name).toList());
    }

    private static Node strings(List<String> values) {
        List<Node> nodes = new ArrayList<>();
        values.forEach(v -> nodes.add(str(v)));
        return new SequenceNode(Tag.SEQ, nodes, flow());
    }

    private static void text(List<NodeTuple> tuples, String key, String value) {
        if (value != null && !value.isBlank()) {
            tuples.add(tuple(key, str(value.strip())));
        }
    }

    private static ScalarNode str(String value) {
        return new ScalarNode(Tag.STR, value, null, null, plain());
    }

    private static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(str(key), value);
    }

    private static MappingNode map(List<NodeTuple> tuples) {
        return new MappingNode(Tag.MAP, tuples, block());
    }

    private static DumperOptions.ScalarStyle plain() {
        return DumperOptions.ScalarStyle.PLAIN;
    }

    private static DumperOptions.FlowStyle flow() {
        return DumperOptions.FlowStyle.FLOW;
    }

    private static DumperOptions.FlowStyle block() {
        return DumperOptions.FlowStyle.BLOCK;
    }
}
