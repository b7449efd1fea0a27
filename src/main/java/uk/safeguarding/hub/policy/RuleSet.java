package uk.safeguarding.hub.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;

/** A validated, versioned set of sharing rules and minimum-necessary profiles. */
public record RuleSet(int version, Map<Event, EventRules> events, Map<String, Profile> profiles) {

    /** How a rule finds its candidates: those involved with the family, or the front door when no CSC is. */
    public enum Reach {
        INVOLVED,
        INVOLVED_OR_FRONT_DOOR
    }

    public record BasisOption(Basis basis, Condition when) {}

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
