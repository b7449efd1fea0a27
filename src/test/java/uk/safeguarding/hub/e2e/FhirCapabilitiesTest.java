package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.FhirValidation;
import uk.safeguarding.hub.message.Event;

/**
 * {@code GET /fhir/metadata} and the message definitions it names, over mutual TLS, each validated by HAPI's R4
 * validator.
 */
class FhirCapabilitiesTest extends HubTestBase {

    @Test
    void theCapabilityStatementSaysWhatTheHubAcceptsAndValidates() throws Exception {
        var response = as("drug-service").get("/fhir/metadata");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/fhir+json"));
        FhirValidation.assertValid("the capability statement", response.body());

        JsonNode statement = JSON.readTree(response.body());
        assertThat(statement.get("resourceType").asString()).isEqualTo("CapabilityStatement");
        assertThat(statement.get("fhirVersion").asString()).isEqualTo("4.0.1");
        JsonNode rest = statement.get("rest").get(0);
        assertThat(rest.get("operation").get(0).get("name").asString()).isEqualTo("process-message");
        assertThat(rest.get("security")
                        .get("service")
                        .get(0)
                        .get("coding")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("Certificates");
        assertThat(rest.get("security").get("description").asString())
                .as("how a sender labels information about other people")
                .contains("http://terminology.hl7.org/CodeSystem/v3-ActCode|NOPAT")
                .contains("http://hl7.org/fhir/uv/security-label-ds4p/StructureDefinition/extension-inline-sec-label")
                .contains("NTE-4");
        JsonNode messaging = statement.get("messaging").get(0);
        assertThat(messaging.get("documentation").asString())
                .as("the MESH workflow id of each event")
                .contains("SGHUB001")
                .contains("SAFEGUARDING_SCREENING_RESULT (screening-result)")
                .contains("SAFEGUARDING_S47_INFORMATION_REQUEST (s47-information-request)");
        assertThat(messaging.get("endpoint").get(0).get("address").asString())
                .isEqualTo("https://localhost:" + port + "/fhir/$process-message");
        List<String> definitions = messaging
                .get("supportedMessage")
                .valueStream()
                .map(m -> m.get("definition").asString())
                .toList();
        assertThat(definitions)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(Event.values())
                        .map(e -> "https://fhir.safeguarding-hub.example/MessageDefinition/" + e.code())
                        .toList());
    }

    @Test
    void everyEventHasAMessageDefinitionThatValidates() throws Exception {
        for (Event event : Event.values()) {
            var response = as("social-care").get("/fhir/MessageDefinition/" + event.code());
            assertThat(response.statusCode()).as(event.code()).isEqualTo(200);
            FhirValidation.assertValid("the definition of " + event.code(), response.body());
            JsonNode definition = JSON.readTree(response.body());
            assertThat(definition.get("url").asString())
                    .isEqualTo("https://fhir.safeguarding-hub.example/MessageDefinition/" + event.code());
            assertThat(definition.get("eventCoding").get("code").asString()).isEqualTo(event.code());
            assertThat(definition.get("focus").size()).as(event.code()).isPositive();
        }
        assertThat(JSON.readTree(as("social-care")
                                .get("/fhir/MessageDefinition/screening-result")
                                .body())
                        .get("focus")
                        .get(0)
                        .get("code")
                        .asString())
                .isEqualTo("Observation");
    }

    @Test
    void anUnknownEventIsNotFoundAndOnlyAgenciesMayAsk() throws Exception {
        var unknown = as("gp").get("/fhir/MessageDefinition/no-such-event");
        assertThat(unknown.statusCode()).isEqualTo(404);
        FhirValidation.assertValid("the refusal", unknown.body());
        assertThat(unknown.body()).contains("no message event no-such-event");

        assertThat(AgencyClient.anonymous(port).get("/fhir/metadata").statusCode())
                .isIn(401, 403);
    }
}
