package uk.safeguarding.hub.intake;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.Accepted;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * The answer to a sender, in its channel's form (the exchange property {@code channel}: {@code fhir} for HTTPS,
 * {@code broker} for the broker's intake, {@code hl7} for MLLP). Accepted: the receipt (200), or ACK AA with the
 * hub's id. Refused ({@code routes/errors.camel.yaml}): quarantined with its reason, then an OperationOutcome with
 * the refusal's status, or ACK AE (AR when unparseable) with the reason in ERR. Failed for any other reason (the
 * database down, say): not accepted and not the sender's fault, so it is asked to send again (503, or AE). A
 * route without a channel (the relay, the sweeps) only logs: its next run tries again.
 */
@Component
public class Answers {

    public static final String CHANNEL = "channel";
    private static final Logger log = LoggerFactory.getLogger(Answers.class);

    private final Quarantine quarantine;
    private final OperationOutcomes outcomes;
    private final Hl7MessageReader hl7;

    public Answers(Quarantine quarantine, OperationOutcomes outcomes, Hl7MessageReader hl7) {
        this.quarantine = quarantine;
        this.outcomes = outcomes;
        this.hl7 = hl7;
    }

    public void accepted(Exchange exchange) {
        Accepted accepted = exchange.getIn().getBody(Accepted.class);
        if (isHl7(exchange)) {
            ack(exchange, "AA", "accepted as " + accepted.hubMessageId(), null);
        } else {
            exchange.getIn().setBody(new IntakeResponse(200, accepted.receipt()));
        }
    }

    public void refused(Exchange exchange) {
        MessageRefused refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, MessageRefused.class);
        Object submission = exchange.getProperty("submission");
        byte[] body = submission instanceof FhirSubmission f
                ? f.body()
                : submission instanceof Hl7Submission h
                        ? h.body()
                        : exchange.getIn().getBody(byte[].class);
        String agency = submission instanceof FhirSubmission f
                ? f.agency()
                : submission instanceof Hl7Submission h ? h.agency() : null;
        IntakeResponse response = quarantine.refuse(refused, body, agency);
        if (isHl7(exchange)) {
            boolean unparseable = Hl7MessageReader.UNPARSEABLE.equals(refused.issueCode());
            ack(exchange, unparseable ? "AR" : "AE", refused.getMessage(), refused.hl7ErrorCode());
        } else {
            exchange.getIn().setBody(response);
        }
    }

    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String channel = exchange.getProperty(CHANNEL, String.class);
        if (channel == null) {
            String deliveryId = exchange.getIn().getHeader("deliveryId", String.class);
            log.warn(
                    "Route {} failed{}, left for its next run: {}",
                    exchange.getFromRouteId(),
                    deliveryId == null ? "" : " for delivery " + deliveryId,
                    e == null ? "?" : e.toString());
            return;
        }
        log.error("Intake ({}) failed; the sender is told to send again", channel, e);
        String again = "not accepted: the hub could not store it now; send it again";
        if (isHl7(exchange)) {
            ack(exchange, "AE", again, "207");
        } else {
            exchange.getIn()
                    .setBody(new IntakeResponse(503, outcomes.toJson(new MessageRefused(503, "transient", again))));
        }
    }

    private static boolean isHl7(Exchange exchange) {
        return "hl7".equals(exchange.getProperty(CHANNEL, String.class));
    }

    private void ack(Exchange exchange, String code, String text, String error) {
        Hl7Submission submission = exchange.getProperty("submission", Hl7Submission.class);
        byte[] body = submission != null ? submission.body() : exchange.getIn().getBody(byte[].class);
        String ack = hl7.acknowledge(body == null ? new byte[0] : body, code, text, error);
        exchange.getIn().setBody(ack);
    }
}
