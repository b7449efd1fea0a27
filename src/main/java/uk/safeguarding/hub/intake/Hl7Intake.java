package uk.safeguarding.hub.intake;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.Accepted;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.protect.Revocations;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.Registers;

/**
 * The steps of the {@code intake-hl7} route around the shared acceptance: who sent it (the MLLP connection's
 * verified client certificate), reading it, and the ACK (MESSAGES.md): AA accepted; AE parsed but refused, with
 * the reason in ERR; AR not parseable. Every refusal is quarantined and audited like a FHIR one.
 */
@Component
public class Hl7Intake {

    static final String ACK_PROPERTY = "CamelMllpAcknowledgementString";
    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);

    private final Hl7MessageReader reader;
    private final AgencyRegister agencies;
    private final Registers registers;
    private final Quarantine quarantine;
    private final IntakeProperties limits;
    private final Revocations revocations;

    public Hl7Intake(Hl7MessageReader reader, AgencyRegister agencies, Registers registers, Quarantine quarantine,
            IntakeProperties limits, Revocations revocations) {
        this.revocations = revocations;
        this.reader = reader;
        this.agencies = agencies;
        this.registers = registers;
        this.quarantine = quarantine;
        this.limits = limits;
    }

    /** First step: the body and the agency of the client certificate (TLS has already verified its chain). */
    public Hl7Submission identify(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        Agency agency = agencies.findByCertificate(
                exchange.getIn().getHeader("CamelMllpSslClientCertIssuerName", String.class),
                exchange.getIn().getHeader("CamelMllpSslClientCertSerialNo", String.class))
                .filter(Agency::active)
                .filter(a -> !revocations.isRevoked(a.certificate()))
                .orElse(null);
        Hl7Submission submission = new Hl7Submission(body == null ? new byte[0] : body, agency == null ? null : agency.id());
        exchange.setProperty("submission", submission);
        if (agency == null) {
            throw MessageRefused.forbidden("the client certificate belongs to no active agency of the register");
        }
        if (submission.body().length > limits.maxBytes()) {
            throw new MessageRefused(413, "too-long", "message larger than " + limits.maxBytes() + " bytes");
        }
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

    /** Last step when accepted: AA, with the hub's message id in MSA-3. */
    public void accepted(Exchange exchange) {
        Accepted accepted = exchange.getProperty("accepted", Accepted.class);
        Hl7Submission submission = exchange.getProperty("submission", Hl7Submission.class);
        String ack = reader.acknowledge(submission.body(), "AA", "accepted as " + accepted.hubMessageId(), null);
        exchange.setProperty(ACK_PROPERTY, ack);
        exchange.getIn().setBody(ack);
    }

    /** The route's handler for a refusal: quarantine, audit, and AE (or AR for what could not be parsed). */
    public void refused(Exchange exchange) {
        MessageRefused refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MessageRefused.class);
        Hl7Submission submission = exchange.getProperty("submission", Hl7Submission.class);
        byte[] body = submission != null ? submission.body() : exchange.getIn().getBody(byte[].class);
        quarantine.refuse(refused, body, submission == null ? null : submission.agency());
        boolean unparseable = Hl7MessageReader.UNPARSEABLE.equals(refused.issueCode());
        String code = unparseable ? "AR" : "AE";
        String error = unparseable ? "102" : refused.getMessage().startsWith("unsupported message type") ? "200"
                : refused.getMessage().startsWith("only HL7 v2.5.1") ? "203" : "207";
        String ack = reader.acknowledge(body == null ? new byte[0] : body, code, refused.getMessage(), error);
        exchange.setProperty(ACK_PROPERTY, ack);
        exchange.getIn().setBody(ack);
    }

    /** Anything else (the database down, say): not accepted, not the sender's fault; AE asks it to send again. */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        log.error("HL7 intake failed; the sender is told to send again", e);
        Hl7Submission submission = exchange.getProperty("submission", Hl7Submission.class);
        byte[] body = submission != null ? submission.body() : exchange.getIn().getBody(byte[].class);
        String ack = reader.acknowledge(body == null ? new byte[0] : body, "AE",
                "not accepted: the hub could not store it now; send it again", "207");
        exchange.setProperty(ACK_PROPERTY, ack);
        exchange.getIn().setBody(ack);
    }
}
