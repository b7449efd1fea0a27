package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.Condition;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.RuleSet.BasisOption;
import uk.safeguarding.hub.policy.RuleSet.EventRules;
import uk.safeguarding.hub.policy.RuleSet.Profile;
import uk.safeguarding.hub.policy.RuleSet.Reach;
import uk.safeguarding.hub.policy.RuleSet.SharingRule;

/**
 * The forms an officer changes the rules with: one event's rules, or one profile, as fields Spring binds
 * ({@code rules[0].bases[1].basis}), and back into {@link RuleSet}s. Every choice is a list the hub knows (roles,
 * bases, reach, assertions, purposes, profiles, resource types), so a form can only say what the rule file can.
 */
final class RuleDraft {

    /** The assertions a basis or urgency may depend on, in the order the form lists them. */
    static final List<String> ASSERTIONS = List.of(
            Assertion.SIGNIFICANT_HARM_RISK,
            Assertion.IMMEDIATE_HARM_RISK,
            Assertion.CAPACITY_SERIOUSLY_IMPAIRED,
            Assertion.ILLICIT_USE_CONFIRMED,
            Assertion.ILLICIT_USE_SUSPECTED);

    static final List<Integer> LEVELS = List.of(1, 2, 3);

    /** The v3-ActReason purposes a consent may be recorded for, most used first. */
    static final List<String> PURPOSES = List.of("TREAT", "COC", "CAREMGT", "ETREAT", "PATRQT", "FAMRQT");

    /** The resource types the hub's messages carry. */
    static final List<String> RESOURCES = List.of(
            "MessageHeader",
            "Patient",
            "RelatedPerson",
            "Observation",
            "Condition",
            "EpisodeOfCare",
            "ServiceRequest",
            "Task",
            "Flag");

    /** What a profile may take out of what it keeps. */
    static final List<String> REMOVABLE = List.of(
            "Observation.note",
            "Condition.note",
            "EpisodeOfCare.diagnosis",
            "ServiceRequest.note",
            "Task.note",
            "Patient.telecom",
            "Patient.address",
            "RelatedPerson.telecom",
            "RelatedPerson.address");

    private RuleDraft() {}

    /** One basis of a rule, as its fields. */
    public static class BasisForm {
        public String basis = Basis.CONSENT.name();
        public String guidance;
        public List<String> assertions = new ArrayList<>();
        public List<Integer> levels = new ArrayList<>();
        public List<String> purposes = new ArrayList<>();
    }

    /** One rule, as its fields. */
    public static class RuleForm {
        public String id;
        public String guidance;
        public List<String> recipients = new ArrayList<>();
        public String reach = Reach.INVOLVED.name();
        public String profile;
        public List<BasisForm> bases = new ArrayList<>();
    }

    /** One event's rules, as their fields. */
    public static class EventForm {
        public String event;
        public String guidance;
        public List<String> senders = new ArrayList<>();
        public List<String> urgentAssertions = new ArrayList<>();
        public List<Integer> urgentLevels = new ArrayList<>();
        public List<RuleForm> rules = new ArrayList<>();
    }

    /** One profile, as its fields; {@code was}: its name before this change (empty for a new one). */
    public static class ProfileForm {
        public String was = "";
        public String name;
        public String description;
        public List<String> resources = new ArrayList<>();
        public List<String> remove = new ArrayList<>();
    }

    static EventForm form(Event event, EventRules rules) {
        EventForm f = new EventForm();
        f.event = event.code();
        if (rules == null) {
            return f;
        }
        f.guidance = rules.guidance();
        f.senders = names(rules.senders());
        f.urgentAssertions = new ArrayList<>(rules.urgentWhen().assertions());
        f.urgentLevels = new ArrayList<>(rules.urgentWhen().referralLevels());
        for (SharingRule r : rules.rules()) {
            RuleForm rf = new RuleForm();
            rf.id = r.id();
            rf.guidance = r.guidance();
            rf.recipients = names(r.recipients());
            rf.reach = r.reach().name();
            rf.profile = r.profile();
            for (BasisOption b : r.bases()) {
                BasisForm bf = new BasisForm();
                bf.basis = b.basis().name();
                bf.guidance = b.guidance();
                bf.assertions = new ArrayList<>(b.when().assertions());
                bf.levels = new ArrayList<>(b.when().referralLevels());
                bf.purposes = new ArrayList<>(b.purposes());
                rf.bases.add(bf);
            }
            f.rules.add(rf);
        }
        return f;
    }

    static ProfileForm form(Profile p) {
        ProfileForm f = new ProfileForm();
        if (p == null) {
            return f;
        }
        f.was = p.name();
        f.name = p.name();
        f.description = p.description();
        f.resources = new ArrayList<>(p.resources());
        f.remove = new ArrayList<>(p.remove());
        return f;
    }

    /** The draft with this event's rules as the form has them, at {@code version}. */
    static RuleSet with(RuleSet draft, EventForm f, int version) {
        Map<Event, EventRules> events = new EnumMap<>(Event.class);
        events.putAll(draft.events());
        List<SharingRule> rules = new ArrayList<>();
        for (RuleForm r : f.rules) {
            List<BasisOption> bases = new ArrayList<>();
            for (BasisForm b : r.bases) {
                Basis basis = Basis.valueOf(b.basis);
                bases.add(new BasisOption(
                        basis,
                        new Condition(Set.copyOf(b.assertions), Set.copyOf(b.levels)),
                        // Purposes narrow a consent only; a statutory basis never depends on consent.
                        basis == Basis.CONSENT ? Set.copyOf(b.purposes) : Set.of(),
                        blankIsNull(b.guidance)));
            }
            rules.add(new SharingRule(
                    r.id == null ? "" : r.id.strip(),
                    roles(r.recipients),
                    Reach.valueOf(r.reach),
                    List.copyOf(bases),
                    r.profile,
                    blankIsNull(r.guidance),
                    0));
        }
        events.put(
                Event.fromCode(f.event).orElseThrow(),
                new EventRules(
                        roles(f.senders),
                        new Condition(Set.copyOf(f.urgentAssertions), Set.copyOf(f.urgentLevels)),
                        List.copyOf(rules),
                        blankIsNull(f.guidance)));
        return new RuleSet(version, events, draft.profiles());
    }

    /** The draft with this profile as the form has it (renamed: every rule that named it follows). */
    static RuleSet with(RuleSet draft, ProfileForm f, int version) {
        String name = f.name == null ? "" : f.name.strip();
        Map<String, Profile> profiles = new LinkedHashMap<>(draft.profiles());
        if (!f.was.isEmpty()) {
            profiles.remove(f.was);
        }
        profiles.put(
                name,
                new Profile(
                        name,
                        f.description == null ? "" : f.description.strip(),
                        new LinkedHashSet<>(f.resources),
                        List.copyOf(f.remove)));
        Map<Event, EventRules> events = new EnumMap<>(Event.class);
        draft.events()
                .forEach((event, e) -> events.put(
                        event,
                        new EventRules(
                                e.senders(),
                                e.urgentWhen(),
                                e.rules().stream()
                                        .map(r -> f.was.equals(r.profile()) && !f.was.equals(name)
                                                ? new SharingRule(
                                                        r.id(),
                                                        r.recipients(),
                                                        r.reach(),
                                                        r.bases(),
                                                        name,
                                                        r.guidance(),
                                                        0)
                                                : r)
                                        .toList(),
                                e.guidance())));
        return new RuleSet(version, events, profiles);
    }

    /** A new rule's name: the event, "to", and a number no other rule of the event has. */
    static String newRuleId(EventForm f) {
        Set<String> taken = new LinkedHashSet<>();
        f.rules.forEach(r -> taken.add(r.id));
        int n = f.rules.size() + 1;
        while (taken.contains(f.event + "-rule-" + n)) {
            n++;
        }
        return f.event + "-rule-" + n;
    }

    private static List<String> names(Set<AgencyRole> roles) {
        return roles.stream().sorted().map(AgencyRole::name).collect(java.util.stream.Collectors.toList());
    }

    private static Set<AgencyRole> roles(List<String> names) {
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        names.forEach(n -> roles.add(AgencyRole.valueOf(n)));
        return roles;
    }

    private static String blankIsNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
