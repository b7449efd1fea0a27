package uk.safeguarding.hub.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.Words;
import uk.safeguarding.hub.policy.RuleSet.BasisOption;
import uk.safeguarding.hub.policy.RuleSet.EventRules;
import uk.safeguarding.hub.policy.RuleSet.Profile;
import uk.safeguarding.hub.policy.RuleSet.SharingRule;

/**
 * What one version of the rules changes in another, in sentences an officer reads beside the line difference:
 * "Health visitors would now receive treatment dropouts when the service user's consent covers them (for
 * treatment)." Roles the same change applies to are named together.
 */
public final class RuleChanges {

    /** A change, under the heading it belongs to (an event's name in words, or "Profiles"). */
    public record Change(String heading, String sentence) {}

    private static final Words WORDS = Words.EN;

    private RuleChanges() {}

    public static List<Change> between(RuleSet before, RuleSet after) {
        List<Change> changes = new ArrayList<>();
        for (Event event : Event.values()) {
            EventRules was = before.events().get(event);
            EventRules now = after.events().get(event);
            if (was == null && now == null) {
                continue;
            }
            String heading = capital(WORDS.events(event));
            List<String> sentences = new ArrayList<>();
            if (was == null) {
                sentences.add(capital(WORDS.events(event)) + " would now be accepted.");
            } else if (now == null) {
                sentences.add(capital(WORDS.events(event)) + " would no longer be accepted from anyone.");
            }
            senders(event, was, now, sentences);
            urgency(event, was, now, sentences);
            recipients(event, was, now, sentences);
            if (was != null && now != null && !Objects.equals(was.guidance(), now.guidance())) {
                sentences.add(guidanceChanged("The note on " + WORDS.events(event), now.guidance()));
            }
            sentences.forEach(s -> changes.add(new Change(heading, s)));
        }
        profiles(before, after).forEach(s -> changes.add(new Change("Profiles", s)));
        return List.copyOf(changes);
    }

    private static void senders(Event event, EventRules was, EventRules now, List<String> out) {
        Set<AgencyRole> before = was == null ? Set.of() : was.senders();
        Set<AgencyRole> after = now == null ? Set.of() : now.senders();
        List<AgencyRole> added =
                after.stream().filter(r -> !before.contains(r)).sorted().toList();
        List<AgencyRole> removed =
                before.stream().filter(r -> !after.contains(r)).sorted().toList();
        if (!added.isEmpty()) {
            out.add(capital(WORDS.allOf(added, WORDS::roles)) + " may now send " + WORDS.events(event) + ".");
        }
        if (!removed.isEmpty() && now != null) {
            out.add(capital(WORDS.allOf(removed, WORDS::roles)) + " may no longer send " + WORDS.events(event) + ".");
        }
    }

    private static void urgency(Event event, EventRules was, EventRules now, List<String> out) {
        Condition before = was == null ? Condition.ALWAYS : was.urgentWhen();
        Condition after = now == null ? Condition.ALWAYS : now.urgentWhen();
        if (now == null || before.equals(after)) {
            return;
        }
        String share = "A share of " + withArticle(WORDS.event(event));
        out.add(
                after.always()
                        ? share + " would no longer be urgent."
                        : share + " would be urgent when " + condition(after)
                                + (before.always() ? "." : ", instead of when " + condition(before) + "."));
    }

    /** Roles grouped by the same change, in the register's order. */
    private static void recipients(Event event, EventRules was, EventRules now, List<String> out) {
        Map<String, List<AgencyRole>> grouped = new LinkedHashMap<>();
        for (AgencyRole role : AgencyRole.values()) {
            SharingRule before = was == null ? null : was.ruleFor(role).orElse(null);
            SharingRule after = now == null ? null : now.ruleFor(role).orElse(null);
            for (String change : roleChanges(event, before, after, now)) {
                grouped.computeIfAbsent(change, c -> new ArrayList<>()).add(role);
            }
        }
        grouped.forEach((change, roles) -> out.add(capital(WORDS.allOf(roles, WORDS::roles)) + " " + change));
    }

    /** Each change for one role, as the rest of a sentence that starts with the role. */
    private static List<String> roleChanges(Event event, SharingRule before, SharingRule after, EventRules now) {
        String events = WORDS.events(event);
        List<String> changes = new ArrayList<>();
        if (before == null && after == null) {
            return changes;
        }
        if (before == null) {
            changes.add("would now receive " + events + " " + bases(after.bases()) + ".");
            return changes;
        }
        if (after == null) {
            if (now != null) {
                changes.add("would no longer receive " + events + ".");
            }
            return changes;
        }
        if (!withoutGuidance(after.bases()).equals(withoutGuidance(before.bases()))) {
            changes.add("would receive " + events + " " + bases(after.bases()) + ", instead of " + bases(before.bases())
                    + ".");
        }
        if (after.reach() != before.reach()) {
            changes.add("would be sent " + events + " as " + WORDS.reach(after.reach()) + ", instead of "
                    + WORDS.reach(before.reach()) + ".");
        }
        if (!after.profile().equals(before.profile())) {
            changes.add("would receive " + events + " under the profile \u201c" + after.profile()
                    + "\u201d instead of \u201c" + before.profile() + "\u201d.");
        }
        if (!Objects.equals(after.guidance(), before.guidance())) {
            changes.add("would have a new note on the rule for " + events + ": "
                    + (after.guidance() == null ? "none" : "\u201c" + after.guidance() + "\u201d") + ".");
        }
        return changes;
    }

    private static List<BasisOption> withoutGuidance(List<BasisOption> bases) {
        return bases.stream()
                .map(b -> new BasisOption(b.basis(), b.when(), b.purposes(), null))
                .toList();
    }

    /** The bases in order, as "when …, or when …". */
    public static String bases(List<BasisOption> bases) {
        if (bases.isEmpty()) {
            return "on no basis (never)";
        }
        List<String> clauses = new ArrayList<>();
        for (BasisOption b : bases) {
            clauses.add(basis(b));
        }
        return String.join(", or ", clauses);
    }

    /** One basis as its clause: "when a child is at risk of significant harm and the sender sees a risk …". */
    public static String basis(BasisOption b) {
        String clause = WORDS.when(b.basis());
        if (!b.purposes().isEmpty()) {
            clause += " for " + WORDS.anyOf(new TreeSet<>(b.purposes()), WORDS::purpose);
        }
        if (!b.when().always()) {
            clause += ", and only if " + condition(b.when());
        }
        return clause;
    }

    /** A condition in words: "the sender sees a risk of immediate harm, or the referral level is 3". */
    public static String condition(Condition c) {
        List<String> parts = new ArrayList<>();
        c.assertions().stream().sorted().forEach(a -> parts.add(WORDS.assertion(a)));
        if (!c.referralLevels().isEmpty()) {
            List<String> levels =
                    c.referralLevels().stream().sorted().map(String::valueOf).toList();
            parts.add("the referral level is " + Words.join(levels, "or"));
        }
        return Words.join(parts, "or");
    }

    private static List<String> profiles(RuleSet before, RuleSet after) {
        List<String> out = new ArrayList<>();
        Set<String> names = new TreeSet<>(before.profiles().keySet());
        names.addAll(after.profiles().keySet());
        for (String name : names) {
            Profile was = before.profiles().get(name);
            Profile now = after.profiles().get(name);
            String called = "The profile \u201c" + name + "\u201d";
            if (was == null) {
                out.add("A new profile \u201c" + name + "\u201d keeps " + WORDS.allOf(now.resources(), WORDS::resource)
                        + (now.remove().isEmpty() ? "" : " and removes " + WORDS.allOf(now.remove(), WORDS::element))
                        + ".");
                continue;
            }
            if (now == null) {
                out.add(called + " would be removed.");
                continue;
            }
            List<String> kept = now.resources().stream()
                    .filter(r -> !was.resources().contains(r))
                    .sorted()
                    .toList();
            List<String> dropped = was.resources().stream()
                    .filter(r -> !now.resources().contains(r))
                    .sorted()
                    .toList();
            List<String> removes =
                    now.remove().stream().filter(r -> !was.remove().contains(r)).toList();
            List<String> keepsAgain =
                    was.remove().stream().filter(r -> !now.remove().contains(r)).toList();
            if (!kept.isEmpty()) {
                out.add(called + " would now keep " + WORDS.allOf(kept, WORDS::resource) + ".");
            }
            if (!dropped.isEmpty()) {
                out.add(called + " would no longer keep " + WORDS.allOf(dropped, WORDS::resource) + ".");
            }
            if (!removes.isEmpty()) {
                out.add(called + " would now remove " + WORDS.allOf(removes, WORDS::element) + ".");
            }
            if (!keepsAgain.isEmpty()) {
                out.add(called + " would no longer remove " + WORDS.allOf(keepsAgain, WORDS::element) + ".");
            }
            if (!Objects.equals(was.description(), now.description())) {
                out.add(called + " would be described as \u201c" + now.description() + "\u201d.");
            }
        }
        return out;
    }

    private static String guidanceChanged(String what, String now) {
        return what + (now == null ? " would be removed." : " would read \u201c" + now + "\u201d.");
    }

    private static String withArticle(String noun) {
        return (noun.matches("^[aeiouAEIOU].*") ? "an " : "a ") + noun;
    }

    static String capital(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
