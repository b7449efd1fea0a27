package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;
import uk.safeguarding.hub.mesh.MeshWorkflowCheck;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.SenderCheck;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The intake-mesh-fhir route as written in routes/: a message that came through MESH is read, its workflow id
 * checked against its event, and accepted by the same accept route as over HTTPS; a workflow id naming another
 * event is refused and quarantined before anything is decided.
 */
class IntakeMeshRouteTest extends CamelTestSupport {

    final AcceptStandIns acceptance = new AcceptStandIns("d-1");
    final IntakeFhirRouteTest.RecordingQuarantine quarantine = new IntakeFhirRouteTest.RecordingQuarantine();

    @Override
    protected void bindToRegistry(Registry registry) {
        AgencyRegister agencies = new AgencyRegister(List.of(IntakeHl7RouteTest.DRUG_SERVICE));
        FhirMessageReader reader = new FhirMessageReader(FhirContext.forR4Cached());
        registry.bind("fhirMessageReader", reader);
        registry.bind(
                "hl7Intake",
                new Hl7Intake(
                        new Hl7MessageReader(reader),
                        new uk.safeguarding.hub.register.AgencyTrust(
                                Path.of("target/no-such.crl"), IntakeHl7RouteTest.DRUG_SERVICE.certificate(), agencies),
                        new IntakeHl7RouteTest.OneFamily(),
                        new IntakeProperties(1048576),
                        quarantine));
        registry.bind(
                "meshWorkflowCheck", new MeshWorkflowCheck(uk.safeguarding.hub.mesh.Workflows.of(java.util.Map.of())));
        acceptance.bindTo(
                registry,
                new SenderCheck(
                        new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"))), agencies));
        registry.bind(
                "answers",
                new Answers(
                        quarantine, new OperationOutcomes(FhirContext.forR4Cached()), new Hl7MessageReader(reader)));
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return YamlRoutes.from(
                List.of("errors.camel.yaml", "intake-mesh.camel.yaml", "accept.camel.yaml"), new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:relay").routeId("relay-stand-in").to("mock:relay");
                    }
                });
    }

    IntakeResponse send(String workflowId) throws Exception {
        byte[] json = Files.readAllBytes(Path.of("src/test/resources/messages/examples/screening-result.json"));
        Exchange done = template.request("direct:intake-mesh-fhir", exchange -> {
            exchange.getIn().setBody(new FhirSubmission(json, "drug-service"));
            exchange.setProperty("meshWorkflowId", workflowId);
        });
        return done.getMessage().getBody(IntakeResponse.class);
    }

    @Test
    void aMessageWhoseWorkflowIdNamesItsEventIsAcceptedAsOverHttps() throws Exception {
        MockEndpoint relay = getMockEndpoint("mock:relay");
        relay.expectedMessageCount(1);
        IntakeResponse response = send("SAFEGUARDING_SCREENING_RESULT");
        assertThat(response.status()).isEqualTo(200);
        assertThat(acceptance.accepted)
                .singleElement()
                .satisfies(m -> assertThat(m.event().code()).isEqualTo("screening-result"));
        relay.assertIsSatisfied();
        assertThat(quarantine.refused).isEmpty();
    }

    @Test
    void anHl7MessageIsTakenAsOverMllpAndAnsweredWithItsAck() throws Exception {
        byte[] er7 = Files.readAllBytes(Path.of("src/test/resources/messages/examples/screening-result-oru-r01.hl7"));
        String ack = template.request("direct:intake-mesh-hl7", exchange -> {
                    exchange.getIn().setBody(new Hl7Submission(er7, "drug-service"));
                    exchange.setProperty("meshWorkflowId", "SAFEGUARDING_SCREENING_RESULT");
                })
                .getMessage()
                .getBody(String.class);
        assertThat(ack).contains("MSA|AA|");
        String refused = template.request("direct:intake-mesh-hl7", exchange -> {
                    exchange.getIn().setBody(new Hl7Submission(er7, "drug-service"));
                    exchange.setProperty("meshWorkflowId", "SAFEGUARDING_REFERRAL");
                })
                .getMessage()
                .getBody(String.class);
        assertThat(refused).contains("MSA|AE|").contains("send it with SAFEGUARDING_SCREENING_RESULT");
    }

    @Test
    void aWorkflowIdNamingAnotherEventIsRefusedBeforeAnythingIsDecided() throws Exception {
        getMockEndpoint("mock:relay").expectedMessageCount(0);
        IntakeResponse response = send("SAFEGUARDING_TREATMENT_DROPOUT");
        assertThat(response.status()).isEqualTo(400);
        assertThat(new String(response.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .contains("send it with SAFEGUARDING_SCREENING_RESULT");
        assertThat(quarantine.refused)
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(400));
        assertThat(acceptance.accepted).isEmpty();
        MockEndpoint.assertIsSatisfied(context);
    }
}
