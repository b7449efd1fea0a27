package uk.safeguarding.hub.intake;

import jakarta.jms.JMSException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.QueueAddress;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The steps of the {@code intake-broker} route: FHIR messages that agencies put on their own intake address
 * ({@code intake.<id>}) reach the hub's intake queue with the broker's stamp of who sent them
 * ({@code _AMQ_VALIDATED_USER}, set by the broker from the TLS certificate, never by the sender) and of the
 * address they were sent to. The answer (the receipt, or the OperationOutcome of a refusal) goes to the agency's
 * own {@code receipts.<id>} queue, correlated by the sender's message id (the JMS message id of a Core or JMS
 * sender, the AMQP message-id of an AMQP one); never to a reply address the sender names.
 */
@Component
public class BrokerIntake {

    static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    static final String NATIVE_MESSAGE_ID = "NATIVE_MESSAGE_ID";

    private final AgencyRegister agencies;
    private final IntakeProperties limits;
    private final Quarantine quarantine;

    public BrokerIntake(AgencyRegister agencies, IntakeProperties limits, Quarantine quarantine) {
        this.agencies = agencies;
        this.limits = limits;
        this.quarantine = quarantine;
    }

    /** First step: who sent it, from the broker's stamps only; every header the sender set is dropped here. */
    public FhirSubmission submission(Exchange exchange) {
        // Read from the JMS message itself: Camel does not map the broker's internal properties to headers.
        jakarta.jms.Message raw = exchange.getIn(JmsMessage.class).getJmsMessage();
        String agency;
        String address;
        try {
            agency = raw.getStringProperty(VALIDATED_USER);
            address = raw.getStringProperty(ORIGINAL_ADDRESS);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read the broker's stamps: " + e.getMessage(), e);
        }
        String messageId;
        byte[] body;
        try {
            // An AMQP sender knows its message by the AMQP message-id, which the broker keeps as NATIVE_MESSAGE_ID
            // when it hands the message to a Core consumer (whose JMSMessageID is the broker's own).
            String nativeId = raw.getStringProperty(NATIVE_MESSAGE_ID);
            messageId = nativeId != null ? nativeId : raw.getJMSMessageID();
            // Only bytes or text: an ObjectMessage is never deserialised (Java deserialisation runs code).
            body = raw instanceof jakarta.jms.BytesMessage bytes
                    ? readAll(bytes)
                    : raw instanceof jakarta.jms.TextMessage text && text.getText() != null
                            ? text.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                            : null;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read the message: " + e.getMessage(), e);
        }
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setBody(null);
        exchange.setProperty("replyCorrelation", messageId);
        exchange.setProperty(BrokerFailures.ATTEMPT, attempt(raw));
        if (agency == null
                || agencies.find(agency).isEmpty()
                || !QueueAddress.AGENCY_INTAKE.of(agency).equals(address)) {
            throw new IllegalStateException("a message on the hub's intake without a matching broker stamp (user "
                    + agency + ", address " + address + ")");
        }
        exchange.setProperty("agency", agency);
        FhirSubmission submission = new FhirSubmission(body == null ? new byte[0] : body, agency);
        if (body == null) {
            exchange.setProperty(
                    "refusedEarly",
                    quarantine.refuse(
                            MessageRefused.invalid("only JMS bytes or text messages carrying FHIR JSON are accepted"),
                            null,
                            agency));
        } else if (submission.body().length > limits.maxBytes()) {
            exchange.setProperty(
                    "refusedEarly", quarantine.refuse(MessageRefused.tooLarge(limits.maxBytes()), null, agency));
        }
        return submission;
    }

    private static int attempt(jakarta.jms.Message raw) {
        try {
            return raw.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | NumberFormatException e) {
            return 0;
        }
    }

    private byte[] readAll(jakarta.jms.BytesMessage bytes) throws JMSException {
        long length = bytes.getBodyLength();
        if (length > limits.maxBytes()) {
            return new byte[limits.maxBytes() + 1];
        }
        byte[] out = new byte[(int) length];
        bytes.readBytes(out);
        return out;
    }

    /** Last step: the answer for the agency's receipts queue, with the status as a message property. */
    public String answer(Exchange exchange) {
        IntakeResponse response = exchange.getIn().getBody(IntakeResponse.class);
        exchange.getIn().setHeader("JMSCorrelationID", exchange.getProperty("replyCorrelation", String.class));
        exchange.getIn().setHeader("status", response.status());
        return response.body();
    }
}
