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
     * (a consent that names no purpose covers all).
     */
    public record BasisOption(Basis basis, Condition when, Set<String> purposes) {

        public BasisOption(Basis basis, Condition when) {
            this(basis, when, Set.of());
        }
    }

    public record SharingRule(
            String id, Set<AgencyRole> recipients, Reach reach, List<BasisOption> bases, String profile, int line) {}

    public record EventRules(Set<AgencyRole> senders, Condition urgentWhen, List<SharingRule> rules) {

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
