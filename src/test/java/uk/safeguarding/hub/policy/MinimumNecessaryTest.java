package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.FhirValidation;
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

    static final String AMY_ENTRY =
            "    {\n      \"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/Patient/amy\"";

    /** The example with extra entries before the service user (the MessageHeader stays first). */
    static String exampleWith(String file, String entries) throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples/" + file));
        assertThat(json).contains(AMY_ENTRY);
        return json.replace(AMY_ENTRY, entries + AMY_ENTRY);
    }

    static String entry(String type, String id, String body) {
        return "{\"fullUrl\": \"https://fhir.safeguarding-hub.example/fhir/" + type + "/" + id + "\", \"resource\": {"
                + "\"resourceType\": \"" + type + "\", \"id\": \"" + id + "\"" + body + "}},\n";
    }

    /** The screening example whose Observation points at a specimen, a performer and an organisation. */
    static String screeningWithReferences() throws Exception {
        String json = exampleWith(
                "screening-result.json",
                entry("Specimen", "sp1", ", \"type\": {\"text\": \"urine\"}")
                        + entry("Practitioner", "pr1", ", \"name\": [{\"family\": \"Keyworker\"}]")
                        + entry("Organization", "org1", ", \"name\": \"Riverside Recovery\""));
        return json.replace(
                        "\"specimen\": {\n          \"display\": \"urine\"\n        }",
                        "\"specimen\": {\"reference\": \"Specimen/sp1\", \"display\": \"urine\"}")
                .replace(
                        "\"subject\": {\n          \"reference\": \"Patient/amy\"\n        }",
                        "\"subject\": {\"reference\": \"Patient/amy\"},"
                                + " \"performer\": [{\"reference\": \"Practitioner/pr1\"},"
                                + " {\"reference\": \"Organization/org1\", \"display\": \"Riverside Recovery\"}]");
    }

    MinimumNecessary.Result screeningSummaryFor(String json, String recipient) {
        return new MinimumNecessary(fhir)
                .apply(screening(json), rules.profiles().get("screening-summary"), recipient);
    }

    @Test
    void aScreeningResultKeepsNoReferenceToTheSpecimenItDropped() throws Exception {
        String json = screeningWithReferences();
        assertThat(json).contains("Specimen/sp1", "Practitioner/pr1");
        MinimumNecessary.Result result = screeningSummaryFor(json, "social-care");
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Specimen/sp1").doesNotContain("\"specimen\"");
        assertThat(result.removed())
                .contains(
                        "Specimen/sp1 (not in profile screening-summary)",
                        "Observation/o1.specimen (pointed at Specimen/sp1, removed)");
        FhirValidation.assertValid("the share", out);
    }

    @Test
    void aScreeningResultKeepsNoReferenceToThePerformersItDropped() throws Exception {
        MinimumNecessary.Result result = screeningSummaryFor(screeningWithReferences(), "social-care");
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out)
                .doesNotContain("Practitioner/pr1")
                .doesNotContain("Organization/org1")
                .doesNotContain("Riverside Recovery")
                .doesNotContain("\"performer\"");
        assertThat(result.removed())
                .contains(
                        "Observation/o1.performer (pointed at Practitioner/pr1, removed)",
                        "Observation/o1.performer (pointed at Organization/org1, removed)");
        assertThat(out).contains("opiates", "Patient/amy");
        FhirValidation.assertValid("the share", out);
    }

    @Test
    void aDropoutKeepsNoReferenceToTheManagingOrganisationItDropped() throws Exception {
        String json = exampleWith(
                        "treatment-dropout.json", entry("Organization", "org1", ", \"name\": \"Riverside Recovery\""))
                .replace(
                        "\"patient\": {\n          \"reference\": \"Patient/amy\"\n        }",
                        "\"patient\": {\"reference\": \"Patient/amy\"},"
                                + " \"managingOrganization\": {\"reference\": \"Organization/org1\"}");
        assertThat(json).contains("\"managingOrganization\"");
        MinimumNecessary.Result result = new MinimumNecessary(fhir)
                .apply(screening(json), rules.profiles().get("treatment-status"), "social-care");
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Organization/org1").doesNotContain("managingOrganization");
        assertThat(result.removed())
                .contains("EpisodeOfCare/ep1.managingOrganization (pointed at Organization/org1, removed)");
        FhirValidation.assertValid("the share", out);
    }

    @Test
    void aReferenceTheResourceCannotDoWithoutIsRewrittenToSayItWasWithheld() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples/treatment-dropout.json"));
        // A profile that keeps the episode but not the people: EpisodeOfCare.patient is required (1..1).
        var noPeople = new RuleSet.Profile("no-people", "test", Set.of("MessageHeader", "EpisodeOfCare"), List.of());
        MinimumNecessary.Result result = new MinimumNecessary(fhir).apply(screening(json), noPeople, "social-care");
        String out = new String(result.payload(), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Patient/amy").doesNotContain("9990000018");
        assertThat(out).contains("\"patient\":{\"display\":\"" + MinimumNecessary.WITHHELD + "\"}");
        assertThat(result.removed()).contains("EpisodeOfCare/ep1.patient (pointed at Patient/amy, removed)");
        FhirValidation.assertValid("the share", out);
    }

    @Test
    void theMessageHeaderLosesItsFocusOnWhatWasDroppedAndNamesTheRecipient() throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples/treatment-dropout.json"));
        var headerOnly = new RuleSet.Profile("header-only", "test", Set.of("MessageHeader", "Patient"), List.of());
        MinimumNecessary.Result result = new MinimumNecessary(fhir).apply(screening(json), headerOnly, "gp");
        var header = (org.hl7.fhir.r4.model.MessageHeader)
                result.bundle().getEntryFirstRep().getResource();
        assertThat(header.getFocus()).isEmpty();
        assertThat(header.getDestination()).hasSize(1);
        assertThat(header.getDestinationFirstRep().getEndpoint()).isEqualTo("urn:agency:gp");
        assertThat(header.getDestinationFirstRep().getReceiver().getIdentifier().getValue())
                .isEqualTo("gp");
        assertThat(result.removed())
                .anyMatch(r -> r.startsWith("MessageHeader/") && r.contains(".focus (pointed at EpisodeOfCare/ep1"));
        FhirValidation.assertValid("the share", new String(result.payload(), StandardCharsets.UTF_8));
    }
}
