package uk.safeguarding.hub.explain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.register.Registers;

/**
 * The decisions the hub would make now for a message, from the same reader, registers and {@link
 * SharingDecisions} as intake, storing and sending nothing: for a message sent to {@code POST
 * /api/decisions/explain}, pasted into the console's explain bench, or one the hub holds (its decisions then kept
 * beside, to compare).
 */
@Component
public class Explanations {

    /** {@code decidedUnder}: for a message the hub holds, the rules version that decided it when it came. */
    public record Explanation(
            String event,
            String subject,
            List<Decision> decisions,
            Map<String, String> decidedThen,
            Integer decidedUnder) {}

    private final FhirMessageReader reader;
    private final Registers registers;
    private final SharingDecisions sharingDecisions;
    private final AcceptedMessages accepted;

    public Explanations(
            FhirMessageReader reader,
            Registers registers,
            SharingDecisions sharingDecisions,
            AcceptedMessages accepted) {
        this.reader = reader;
        this.registers = registers;
        this.sharingDecisions = sharingDecisions;
        this.accepted = accepted;
    }

    /**
     * A message as sent; by an agency ({@code agency}: it must be the sender, and it learns nothing about a family
     * it is not involved with) or by an officer ({@code agency} null: what intake would decide). Refused as intake
     * would refuse it.
     */
    public Explanation ofSent(byte[] body, String agency) throws MessageRefused {
        InboundMessage message = reader.read(body, agency);
        var facts = agency != null ? registers.factsKnownTo(message, agency) : registers.factsFor(message);
        return new Explanation(
                message.event().code(),
                message.serviceUserNhsNumber(),
                sharingDecisions.decide(message, facts).decisions(),
                Map.of(),
                null);
    }

    /** A message the hub holds (its content kept for dry runs), decided again now; empty when not kept. */
    public Optional<Explanation> ofHeld(String hubMessageId) throws MessageRefused {
        Optional<AcceptedMessages.Kept> kept = accepted.find(hubMessageId);
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        InboundMessage message =
                reader.reread(kept.get().body(), hubMessageId, kept.get().receivedAt());
        return Optional.of(new Explanation(
                message.event().code(),
                message.serviceUserNhsNumber(),
                sharingDecisions.decide(message, registers.factsFor(message)).decisions(),
                kept.get().decided(),
                kept.get().ruleVersion()));
    }

    /** The messages about a service user received on a UK day, to choose one to explain. */
    public List<AcceptedMessages.Listed> about(String nhs, java.time.LocalDate day) {
        java.time.ZoneId london = java.time.ZoneId.of("Europe/London");
        return accepted.about(
                nhs,
                day.atStartOfDay(london).toInstant(),
                day.plusDays(1).atStartOfDay(london).toInstant());
    }

    /** A message by its sender and the sender's own id. */
    public Optional<String> hubIdOf(String senderAgency, String senderMessageId) {
        return accepted.hubIdOf(senderAgency, senderMessageId);
    }
}
