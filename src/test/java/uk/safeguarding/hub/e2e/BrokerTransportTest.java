package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Agencies on the broker's TLS acceptor with their development certificates: each may send only to its own
 * intake address and read only its own mailbox and receipts (the broker refuses the rest); a FHIR message sent
 * by JMS is accepted like one sent by HTTPS and answered on the receipts queue; collecting a share by JMS is
 * recorded as its acknowledgement.
 */
class BrokerTransportTest extends HubTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    jakarta.jms.ConnectionFactory connectionFactory;

    static Connection connect(String agency) throws JMSException {
        return BrokerConnections.connect(agency, BROKER_PORT);
    }

    @Test
    void anAgencyCanNeitherReadAnothersMailboxNorSendToAnothersIntake() throws Exception {
        try (Connection c = connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("mailbox.social-care")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createBrowser(s.createQueue("mailbox.social-care"))
                            .getEnumeration())
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createProducer(s.createQueue("intake.social-care"))
                            .send(s.createTextMessage("{}")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("hub.intake")))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("receipts.social-care")))
                    .isInstanceOf(JMSSecurityException.class);
            s.createConsumer(s.createQueue("mailbox.drug-service")).close();
        }
    }

    @Test
    void noClientCertificateNoConnection() {
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(JMSException.class);
    }

    @Test
    void aMessageSentByJmsIsAcceptedAnsweredAndItsShareCollectedByJms() throws Exception {
        String mum = "9990000271";
        String child = "9990000298";
        String screening = screeningUnderAPlan(mum, child, "jms");

        String hubId;
        try (Connection c = connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(screening.getBytes(StandardCharsets.UTF_8));
            // A sender cannot pretend to be another agency: the broker overwrites the validated user.
            m.setStringProperty("_AMQ_VALIDATED_USER", "social-care");
            m.setStringProperty("CamelJmsDestinationName", "mailbox.gp");
            s.createProducer(s.createQueue("intake.drug-service")).send(m);
            MessageConsumer receipts = s.createConsumer(
                    s.createQueue("receipts.drug-service"), "JMSCorrelationID = '" + m.getJMSMessageID() + "'");
            Message answer = receipts.receive(20_000);
            assertThat(answer).isNotNull();
            assertThat(answer.getIntProperty("status")).isEqualTo(200);
            String receipt = ((TextMessage) answer).getText();
            assertThat(decisions(receipt)).containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");
            hubId = JSON.readTree(receipt).get("id").asString();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT sender_agency FROM inbound_message WHERE hub_message_id = ?", String.class, hubId))
                .isEqualTo("drug-service");

        String deliveryId = queuedShare(hubId, "social-care");
        try (Connection c = connect("social-care")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message share = s.createConsumer(s.createQueue("mailbox.social-care"), "deliveryId = '" + deliveryId + "'")
                    .receive(10_000);
            assertThat(share).isInstanceOf(BytesMessage.class);
            byte[] cms = new byte[(int) ((BytesMessage) share).getBodyLength()];
            ((BytesMessage) share).readBytes(cms);
            assertThat(cms[0]).isEqualTo((byte) 0x30);
        }
        collectedByBroker(deliveryId);
    }

    @Test
    void aPoisonMessageEndsInTheDeadLettersWithoutHoldingUpTheOnesBehindIt() throws Exception {
        org.springframework.jms.core.JmsTemplate hub = new org.springframework.jms.core.JmsTemplate(connectionFactory);
        String poisonId = "poison-" + UUID.randomUUID();
        // Not sent through an agency's intake address: it has no broker stamp, so the intake cannot take it.
        hub.send("hub.intake", session -> {
            BytesMessage m = session.createBytesMessage();
            m.writeBytes("{}".getBytes(StandardCharsets.UTF_8));
            m.setStringProperty("poison", poisonId);
            return m;
        });
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("9990000018", "9990000379")
                .replace("amy-consent-csc-gp", "behind-" + UUID.randomUUID());
        try (Connection c = connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(consent.getBytes(StandardCharsets.UTF_8));
            s.createProducer(s.createQueue("intake.drug-service")).send(m);
            Message answer = s.createConsumer(
                            s.createQueue("receipts.drug-service"), "JMSCorrelationID = '" + m.getJMSMessageID() + "'")
                    .receive(60_000); // a generous bound: the poison ahead of it must not hold it up at all
            assertThat(answer).isNotNull();
            assertThat(answer.getIntProperty("status")).isEqualTo(200);
        }
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> Boolean.TRUE.equals(hub.browseSelected(
                        "DLQ.hub.intake",
                        "poison = '" + poisonId + "'",
                        (session, browser) -> browser.getEnumeration().hasMoreElements())));
    }
}
