package uk.safeguarding.hub.policy;

import java.util.Set;
import uk.safeguarding.hub.message.InboundMessage;

/**
 * When a basis option or urgency applies: any of the named assertions was made, or the referral level is one of
 * those named. An empty condition always holds.
 */
public record Condition(Set<String> assertions, Set<Integer> referralLevels) {

    public static final Condition ALWAYS = new Condition(Set.of(), Set.of());

    public boolean always() {
        return assertions.isEmpty() && referralLevels.isEmpty();
    }

    public boolean holdsFor(InboundMessage message) {
        if (always()) {
            return true;
        }
        return assertions.stream().anyMatch(message::asserts)
                || (message.referralLevel() != null && referralLevels.contains(message.referralLevel()));
    }

    public String describe(InboundMessage message) {
        for (String code : assertions) {
            var made = message.assertion(code);
            if (made.isPresent()) {
                String reason = made.get().reason();
                return uk.safeguarding.hub.message.Words.EN.assertion(code) + (reason == null ? "" : ": " + reason);
            }
        }
        return "referral level " + message.referralLevel();
    }
}
