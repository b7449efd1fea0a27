package uk.safeguarding.hub.intake;

import java.security.cert.X509Certificate;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    /** The headers camel-netty sets from the verified client certificate. */
    static final String CLIENT_CERT_ISSUER = "CamelNettySSLClientCertIssuerName";

    static final String CLIENT_CERT_SERIAL = "CamelNettySSLClientCertSerialNumber";

    private static final Logger log = LoggerFactory.getLogger(Hl7Intake.class);

    private final Hl7MessageReader reader;
    private final Registers registers;
    private final IntakeProperties limits;
    private final AgencyTrust trust;
    private final Quarantine quarantine;

    public Hl7Intake(
            Hl7MessageReader reader,
            AgencyTrust trust,
            Registers registers,
            IntakeProperties limits,
            Quarantine quarantine) {
        this.trust = trust;
        this.reader = reader;
        this.registers = registers;
        this.limits = limits;
        this.quarantine = quarantine;
    }

    /** First step: the body and the agency of the client certificate (TLS has already verified its chain). */
    public Hl7Submission identify(Exchange exchange) {
        byte[] body = exchange.getIn().getBody(byte[].class);
        Agency agency = trust.agencyOf(
                        exchange.getIn().getHeader(CLIENT_CERT_ISSUER, String.class),
                        exchange.getIn().getHeader(CLIENT_CERT_SERIAL, String.class))
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

    /** A message that arrived whole another way (MESH): within the size limit, or refused 413. */
    public Hl7Submission withinLimit(Hl7Submission submission) {
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

    /**
     * A frame past the limit, cut by the listener before the route: refused (413) and audited like one over HTTPS,
     * nothing of it kept; the AE answers the frame's MSH as far as it came.
     */
    String refuseTooLong(X509Certificate client, byte[] firstSegment) {
        MessageRefused tooLarge = MessageRefused.tooLarge(limits.maxBytes());
        try {
            quarantine.refuse(
                    tooLarge, null, trust.agencyOf(client).map(Agency::id).orElse(null));
        } catch (RuntimeException e) {
            log.warn(
                    "An MLLP frame over the limit could not be recorded in quarantine: {}",
                    e.getClass().getName());
        }
        return reader.acknowledge(firstSegment, "AE", tooLarge.getMessage(), tooLarge.hl7ErrorCode());
    }
}
