package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;

class MinimumNecessaryTest {

    final FhirContext fhir = FhirContext.forR4Cached();
    final RuleSet rules = RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"));

    InboundMessage screening(String json) {
        return new FhirMessageReader(fhir).read(json.getBytes(StandardCharsets.UTF_8), "drug-service");
    }

    @Test
    void screeningSummaryDropsTheFreeTextNoteAndKeepsTheResults() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"));
        MinimumNecessary.Result result = new MinimumNecessary(fhir)
                .apply(screening(json), rules.profiles().get("screening-summary"));
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("difficult week").doesNotContain("\"note\"");
        assertThat(out).contains("opiates", "cocaine", "methadone", "urine", "2026-11-18");
        assertThat(result.removed()).containsExactly("Observation/o1.note");
    }

    @Test
    void resourcesOutsideTheProfileAndPeopleOutsideTheFamilyAreDropped() throws Exception {
        String stranger = """
                {"fullUrl": "https://fhir.safeguarding-hub.example/fhir/Patient/neighbour",
                 "resource": {"resourceType": "Patient", "id": "neighbour",
                   "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000034"}]}},
                {"fullUrl": "https://fhir.safeguarding-hub.example/fhir/Condition/c9",
                 "resource": {"resourceType": "Condition", "id": "c9", "subject": {"reference": "Patient/amy"}}},
                """;
        // The MessageHeader must stay first: the extra entries go before the service user.
        String json = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"))
                .replace(
                        "    {\n      \"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/Patient/amy\"",
                        stranger
                                + "    {\n      \"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/Patient/amy\"");
        MinimumNecessary.Result result = new MinimumNecessary(fhir)
                .apply(screening(json), rules.profiles().get("screening-summary"));
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("9990000034").doesNotContain("Condition");
        assertThat(result.removed())
                .contains(
                        "Patient/neighbour (not a member of the family)",
                        "Condition/c9 (not in profile screening-summary)");
        assertThat(out).contains("9990000018", "9990000026");
        assertThat(Set.copyOf(List.of(out.split("\"resourceType\":\"Patient\""))))
                .hasSize(3);
    }

    @Test
    void aResourceAboutSomeoneOutsideTheFamilyGoesWithThem() throws Exception {
        String aboutNeighbour = """
                {"fullUrl": "https://fhir.safeguarding-hub.example/fhir/Patient/neighbour",
                 "resource": {"resourceType": "Patient", "id": "neighbour",
                   "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000034"}]}},
                {"fullUrl": "https://fhir.safeguarding-hub.example/fhir/Observation/n1",
                 "resource": {"resourceType": "Observation", "id": "n1", "status": "final",
                   "code": {"text": "Neighbour's drug screen"}, "subject": {"reference": "Patient/neighbour"}}},
                """;
        String json = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"))
                .replace(
                        "    {\n      \"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/Patient/amy\"",
                        aboutNeighbour
                                + "    {\n      \"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/Patient/amy\"");
        MinimumNecessary.Result result = new MinimumNecessary(fhir)
                .apply(screening(json), rules.profiles().get("screening-summary"));
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Neighbour's drug screen").doesNotContain("9990000034");
        assertThat(result.removed()).contains("Observation/n1 (about a person outside the family)");
        assertThat(out).contains("opiates");
    }
}
