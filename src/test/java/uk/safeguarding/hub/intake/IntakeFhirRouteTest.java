package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.YamlRoutes;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.SenderCheck;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The intake-fhir and accept routes as written in routes/: the real reader, sender check and answers, with the
 * database steps (store, quarantine) recorded, and the relay replaced by a mock endpoint.
 */
class IntakeFhirRouteTest extends CamelTestSupport {

    /** Stands in for the quarantine store: records the refusals. */
    static class RecordingQuarantine extends Quarantine {
        final List<MessageRefused> refused = new ArrayList<>();

        RecordingQuarantine() {
            super(null, null, null, new OperationOutcomes(FhirContext.forR4Cached()), null, null);
        }

        @Override
        public IntakeResponse refuse(MessageRefused e, byte[] body, String agency) {
            assertThat(agency).isNotNull();
            refused.add(e);
            return new IntakeResponse(e.status(), e.getMessage());
        }
    }

    final AcceptStandIns acceptance = new AcceptStandIns("d-1", "d-2");
    final RecordingQuarantine quarantine = new RecordingQuarantine();

    @Override
    protected void bindToRegistry(Registry registry) {
        AgencyRegister agencies = new AgencyRegister(List.of(
                TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false),
                TestAgencies.agency("maternity", AgencyRole.MATERNITY, false),
                TestAgencies.agency("gp", AgencyRole.GP, false)));
        FhirMessageReader reader = new FhirMessageReader(FhirContext.forR4Cached());
        registry.bind("fhirMessageReader", reader);
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
                List.of("errors.camel.yaml", "intake-fhir.camel.yaml", "accept.camel.yaml"), new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:relay").routeId("relay-stand-in").to("mock:relay");
                    }
                });
    }

    IntakeResponse send(String file, String agency, String... replace) throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples", file));
        for (int i = 0; i < replace.length; i += 2) {
            json = json.replace(replace[i], replace[i + 1]);
        }
        return template.requestBody(
                "direct:intake-fhir",
                new FhirSubmission(json.getBytes(StandardCharsets.UTF_8), agency),
                IntakeResponse.class);
    }

    @Test
    void anAcceptedMessageIsAnsweredAndItsSharesHandedToTheRelay() throws Exception {
        MockEndpoint relay = getMockEndpoint("mock:relay");
        relay.expectedMessageCount(1);
        IntakeResponse response = send("screening-result.json", "drug-service");
        assertThat(response.status()).isEqualTo(200);
        assertThat(acceptance.accepted)
                .singleElement()
                .satisfies(m -> assertThat(m.event().code()).isEqualTo("screening-result"));
        relay.assertIsSatisfied();
        assertThat(relay.getExchanges().get(0).getIn().getBody(List.class)).containsExactly("d-1", "d-2");
        assertThat(quarantine.refused).isEmpty();
    }

    @Test
    void aForgedSenderIsQuarantinedAndGoesNowhere() throws Exception {
        getMockEndpoint("mock:relay").expectedMessageCount(0);
        IntakeResponse response = send("screening-result.json", "maternity");
        assertThat(response.status()).isEqualTo(403);
        assertThat(quarantine.refused)
                .singleElement()
                .satisfies(e -> assertThat(e.status()).isEqualTo(403));
        assertThat(acceptance.accepted).isEmpty();
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void aRoleThatMayNotSendTheEventIsRefusedAfterParsing() throws Exception {
        IntakeResponse response = send(
                "screening-result.json",
                "gp",
                "\"value\": \"drug-service\"",
                "\"value\": \"gp\"",
                "urn:agency:drug-service",
                "urn:agency:gp");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("GP agencies may not send screening-result");
        assertThat(acceptance.accepted).isEmpty();
    }

    @Test
    void malformedInputIsRefusedWith400() throws Exception {
        IntakeResponse response = template.requestBody(
                "direct:intake-fhir",
                new FhirSubmission("{not json".getBytes(StandardCharsets.UTF_8), "drug-service"),
                IntakeResponse.class);
        assertThat(response.status()).isEqualTo(400);
        assertThat(acceptance.accepted).isEmpty();
    }
}
