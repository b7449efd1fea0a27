package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * AMQP 1.0 on the broker's TLS acceptor, with Apache Qpid JMS (not Artemis's client): the agency's certificate is
 * its login (SASL EXTERNAL), it may send only to its own intake address and read only its own mailbox and
 * receipts; a FHIR message sent by AMQP is answered on the receipts queue, and a share collected by AMQP is
 * recorded as acknowledged.
 */
class AmqpTransportTest extends HubTestBase {

    /** The connection URI an agency system uses: amqps, its own key store, the hub's CA, its certificate as login. */
    static String uri(String agency, int port) {
        return "amqps://localhost:" + port + "?transport.trustStoreLocation=" + TestPki.DIR + "/ca-truststore.p12"
                + "&transport.trustStorePassword=changeit&transport.trustStoreType=PKCS12"
                + (agency == null
                        ? ""
                        : "&transport.keyStoreLocation=" + TestPki.DIR + "/" + agency + ".p12"
                                + "&transport.keyStorePassword=changeit&transport.keyStoreType=PKCS12")
                + "&amqp.saslMechanisms=EXTERNAL&jms.connectTimeout=10000";
    }

    static Connection connect(String agency) throws JMSException {
        Connection c = new JmsConnectionFactory(uri(agency, BROKER_PORT)).createConnection();
        c.start();
        return c;
    }

    @Test
    void anAgencyOnAmqpCanNeitherReadAnothersQueuesNorSendToAnothersIntake() throws Exception {
        try (Connection c = connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String other : new String[] {"mailbox.social-care", "receipts.social-care", "hub.intake"}) {
                assertThatThrownBy(() -> s.createConsumer(s.createQueue(other)))
                        .as(other)
                        .isInstanceOf(JMSSecurityException.class);
            }
            assertThatThrownBy(() -> s.createProducer(s.createQueue("intake.social-care"))
                            .send(s.createTextMessage("{}")))
                    .isInstanceOf(JMSSecurityException.class);
            s.createConsumer(s.createQueue("mailbox.drug-service")).close();
            s.createConsumer(s.createQueue("receipts.drug-service")).close();
        }
    }

    @Test
    void noClientCertificateNoAmqpConnection() {
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(JMSException.class);
    }

    @Test
    void aScreeningResultSentByAmqpIsAnsweredAndItsShareCollectedByAmqp() throws Exception {
        String mum = "9990003009";
        String child = "9990003017";
        String screening = screeningUnderAPlan(mum, child, "amqp");

        String hubId;
        try (Connection c = connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage m = s.createTextMessage(screening);
            // A sender cannot pretend to be another agency: the broker's own stamp is what the hub reads.
            m.setStringProperty("_AMQ_VALIDATED_USER", "social-care");
            s.createProducer(s.createQueue("intake.drug-service")).send(m);
            MessageConsumer receipts = s.createConsumer(
                    s.createQueue("receipts.drug-service"), "JMSCorrelationID = '" + m.getJMSMessageID() + "'");
            Message answer = receipts.receive(20_000);

            assertThat(answer)
                    .as("the receipt, correlated to " + m.getJMSMessageID())
                    .isNotNull();
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
            Session s = c.createSession(false, Session.CLIENT_ACKNOWLEDGE);
            Message share = s.createConsumer(s.createQueue("mailbox.social-care"), "deliveryId = '" + deliveryId + "'")
                    .receive(10_000);
            assertThat(share).isInstanceOf(BytesMessage.class);
            byte[] cms = new byte[(int) ((BytesMessage) share).getBodyLength()];
            ((BytesMessage) share).readBytes(cms);
            assertThat(uk.safeguarding.hub.FhirValidation.open("social-care", cms))
                    .contains("\"screening-result\"");
            share.acknowledge();
        }
        collectedByBroker(deliveryId);
    }
}
