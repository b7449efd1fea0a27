package uk.safeguarding.hub.intake;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.Registers;

/**
 * The first steps of the {@code intake-hl7} route: who sent it (the MLLP connection's verified client
 * certificate, through {@link uk.safeguarding.hub.register.AgencyTrust}), and reading it. The ACK is
 * {@link Answers}'.
 */
@Component
public class Hl7Intake {

    private final Hl7MessageReader reader;
    private final Registers registers;
    private final IntakeProperties limits;
    private final AgencyTrust trust;

    public Hl7Intake(Hl7MessageReader reader, AgencyTrust trust, Registers registers, IntakeProperties limits) {
        this.trust = trust;
        this.reader = reader;
        this.registers = registers;
        this.limits = limits;
    }

    /** First step: the body and the agency of the client certificate (TLS has already verified its chain). */
    public Hl7Submission identify(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        Agency agency = trust.agencyOf(
                        exchange.getIn().getHeader("CamelMllpSslClientCertIssuerName", String.class),
                        exchange.getIn().getHeader("CamelMllpSslClientCertSerialNo", String.class))
                .orElse(null);
        Hl7Submission submission =
                new Hl7Submission(body == null ? new byte[0] : body, agency == null ? null : agency.id());
        exchange.setProperty("submission", submission);
        if (agency == null) {
            throw MessageRefused.forbidden("the client certificate belongs to no active agency of the register");
        }
        limits.requireWithinLimit(submission.body());
        return submission;
    }

    /** Reads the message; a v2 message carries no children, so the registers must already know them. */
    public InboundMessage read(Hl7Submission submission) {
        InboundMessage message = reader.read(submission.body(), submission.agency());
        if (registers.factsFor(message).linkedChildren().isEmpty()) {
            throw MessageRefused.invalid("no linked children are known for NHS number " + message.serviceUserNhsNumber()
                    + ": send the family in a FHIR message first");
        }
        return message;
    }
}
