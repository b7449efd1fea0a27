package uk.safeguarding.hub.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;

/** A validated, versioned set of sharing rules and minimum-necessary profiles. {@code source} is its YAML text. */
public record RuleSet(int version, Map<Event, EventRules> events, Map<String, Profile> profiles, String source) {

    public RuleSet(int version, Map<Event, EventRules> events, Map<String, Profile> profiles) {
        this(version, events, profiles, null);
    }

    /** How a rule finds its candidates. */
    public enum Reach {
        /** Agencies involved with the service user or a linked child. */
        INVOLVED,
        /** Or the front door, when no children's social care is involved. */
        INVOLVED_OR_FRONT_DOOR,
        /** The agency the message names (a Section 47 information request's owner), else the involved ones. */
        NAMED_OR_INVOLVED,
        /** Only the agency that sent the request this message answers. */
        REQUESTER
    }

    /**
     * A basis the rule offers, tried in order. {@code when} limits it to messages with certain assertions or
     * referral levels; {@code purposes} (CONSENT only) are the purposes of use, one of which the consent must cover
     * (a consent that names no purpose covers all). {@code guidance}: why it is offered, in the officers' words
     * (the guidance it follows), or null.
     */
    public record BasisOption(Basis basis, Condition when, Set<String> purposes, String guidance) {

        public BasisOption(Basis basis, Condition when) {
            this(basis, when, Set.of(), null);
        }
    }

    /** {@code guidance}: the guidance the rule follows, in the officers' words, or null; {@code line}: in its file. */
    public record SharingRule(
            String id,
            Set<AgencyRole> recipients,
            Reach reach,
            List<BasisOption> bases,
            String profile,
            String guidance,
            int line) {}

    /** {@code guidance}: what the event is for, or why nobody receives it, in the officers' words, or null. */
    public record EventRules(Set<AgencyRole> senders, Condition urgentWhen, List<SharingRule> rules, String guidance) {

        public Optional<SharingRule> ruleFor(AgencyRole role) {
            return rules.stream().filter(r -> r.recipients().contains(role)).findFirst();
        }
    }

    /**
     * Minimum necessary: the resource types a recipient may see, and the elements removed from them
     * ({@code Type.element}).
     */
    public record Profile(String name, String description, Set<String> resources, List<String> remove) {}

    public Optional<EventRules> forEvent(Event event) {
        return Optional.ofNullable(events.get(event));
    }
}
