package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsBinding;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The intake-broker route as written in routes/, fed with JMS messages carrying the broker's stamps: the sender
 * comes from the stamps only, nothing the sender set reaches the intake, the answer goes to the sender's own
 * receipts queue, and a message whose stamps do not agree fails with its reason kept (the broker then redelivers
 * and dead-letters it).
 */
class IntakeBrokerRouteTest extends CamelTestSupport {

    final List<FhirSubmission> submitted = new ArrayList<>();
    final List<Map<String, Object>> headersAtIntake = new ArrayList<>();
    final List<MessageRefused> quarantined = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        AgencyRegister agencies = new AgencyRegister(List.of(
                TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false),
                TestAgencies.agency("gp", AgencyRole.GP, false)));
        Quarantine quarantine =
                new Quarantine(null, null, null, new OperationOutcomes(FhirContext.forR4Cached()), null, null) {
                    @Override
                    public IntakeResponse refuse(MessageRefused e, byte[] body, String agency) {
                        quarantined.add(e);
                        return new IntakeResponse(e.status(), "refused: " + e.getMessage());
                    }
                };
        registry.bind("brokerIntake", new BrokerIntake(agencies, new IntakeProperties(2048), quarantine));
        registry.bind("brokerFailures", new BrokerFailures(null, null, null) {
            @Override
            protected void record(String jmsMessageId, int attempt, String reason) {
                failures.add(jmsMessageId + " " + reason);
            }
        });
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from("intake-broker.camel.yaml", new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:intake-fhir").routeId("fhir-intake-stand-in").process(e -> {
                    submitted.add(e.getIn().getBody(FhirSubmission.class));
                    headersAtIntake.add(new HashMap<>(e.getIn().getHeaders()));
                    e.getIn().setBody(new IntakeResponse(200, "{\"receipt\":true}"));
                });
            }
        });
    }

    @BeforeEach
    void feedFromDirect() throws Exception {
        AdviceWith.adviceWith(context, "intake-broker", a -> {
            a.replaceFromWith("direct:broker");
            a.weaveById("send-receipt").replace().to("mock:receipts");
        });
        context.start();
    }

    /** A JMS message as the broker hands it to the hub: the sender's properties plus the broker's stamps. */
    static jakarta.jms.Message jms(byte[] body, Map<String, Object> properties) {
        return (jakarta.jms.Message) Proxy.newProxyInstance(
                IntakeBrokerRouteTest.class.getClassLoader(),
                new Class<?>[] {jakarta.jms.BytesMessage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getStringProperty", "getObjectProperty" -> properties.get((String) args[0]);
                    case "getPropertyNames" -> java.util.Collections.enumeration(properties.keySet());
                    case "propertyExists" -> properties.containsKey((String) args[0]);
                    case "getJMSMessageID" -> "ID:42";
                    case "getBodyLength" -> (long) body.length;
                    case "readBytes" -> {
                        byte[] target = (byte[]) args[0];
                        System.arraycopy(body, 0, target, 0, Math.min(target.length, body.length));
                        yield Math.min(target.length, body.length);
                    }
                    case "getJMSDestination", "getJMSReplyTo", "getJMSCorrelationID", "getJMSType" -> null;
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "jms" + properties;
                    default ->
                        method.getReturnType() == boolean.class
                                ? (Object) false
                                : method.getReturnType() == int.class
                                        ? (Object) 0
                                        : method.getReturnType() == long.class ? (Object) 0L : null;
                });
    }

    Exchange send(byte[] body, Map<String, Object> properties) {
        return template.send("direct:broker", e -> {
            JmsMessage in = new JmsMessage(e, jms(body, properties), null, new JmsBinding());
            in.setBody(body);
            in.setHeader("JMSMessageID", "ID:42");
            properties.forEach(in::setHeader);
            e.setIn(in);
        });
    }

    @Test
    void theSenderIsWhoTheBrokerSaysAndNothingTheSenderSetReachesTheIntake() throws Exception {
        MockEndpoint receipts = getMockEndpoint("mock:receipts");
        receipts.expectedBodiesReceived("{\"receipt\":true}");
        receipts.expectedHeaderReceived("JMSCorrelationID", "ID:42");
        receipts.expectedHeaderReceived("status", 200);
        Exchange done = send(
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "_AMQ_VALIDATED_USER",
                        "drug-service",
                        "_AMQ_ORIG_ADDRESS",
                        "intake.drug-service",
                        "CamelJmsDestinationName",
                        "mailbox.gp",
                        "CamelBeanMethodName",
                        "refuse"));
        receipts.assertIsSatisfied();
        assertThat(done.getException()).isNull();
        assertThat(done.getProperty("agency")).isEqualTo("drug-service");
        assertThat(submitted)
                .singleElement()
                .satisfies(s -> assertThat(s.agency()).isEqualTo("drug-service"));
        assertThat(headersAtIntake.get(0).keySet()).noneMatch(h -> h.startsWith("Camel") || h.startsWith("_AMQ"));
    }

    @Test
    void stampsThatDisagreeFailTheMessageAndAnswerNobody() throws Exception {
        getMockEndpoint("mock:receipts").expectedMessageCount(0);
        Exchange done = send(
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("_AMQ_VALIDATED_USER", "drug-service", "_AMQ_ORIG_ADDRESS", "intake.gp"));
        assertThat(done.getException()).hasMessageContaining("without a matching broker stamp");
        assertThat(submitted).isEmpty();
        assertThat(failures)
                .singleElement()
                .asString()
                .startsWith("ID:42 ")
                .contains("without a matching broker stamp");
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void anOversizeMessageIsQuarantinedAndAnsweredWith413() throws Exception {
        MockEndpoint receipts = getMockEndpoint("mock:receipts");
        receipts.expectedHeaderReceived("status", 413);
        send(new byte[4096], Map.of("_AMQ_VALIDATED_USER", "gp", "_AMQ_ORIG_ADDRESS", "intake.gp"));
        receipts.assertIsSatisfied();
        assertThat(submitted).isEmpty();
        assertThat(quarantined)
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(413));
    }
}
