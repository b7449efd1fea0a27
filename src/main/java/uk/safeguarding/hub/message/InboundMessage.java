package uk.safeguarding.hub.message;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One message as the hub understands it, whatever format it arrived in. {@code payload} keeps the original
 * parsed form (a FHIR Bundle) for the minimum-necessary step.
 */
public record InboundMessage(
        String hubMessageId,
        String senderMessageId,
        String senderAgency,
        Event event,
        Instant receivedAt,
        String serviceUserNhsNumber,
        LocalDate serviceUserBirthDate,
        String gpAgency,
        List<LinkedChild> linkedChildren,
        List<Assertion> assertions,
        Integer referralLevel,
        List<SafeguardingFlagUpdate> flagUpdates,
        ConsentUpdate consent,
        Object payload) {

    public boolean asserts(String code) {
        return assertions.stream().anyMatch(a -> a.code().equals(code));
    }

    public Optional<Assertion> assertion(String code) {
        return assertions.stream().filter(a -> a.code().equals(code)).findFirst();
    }
}
