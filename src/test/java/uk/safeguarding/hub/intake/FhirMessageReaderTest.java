package uk.safeguarding.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;

class FhirMessageReaderTest {

    static final Path EXAMPLES = Path.of("../shared/spec/examples");
    final FhirMessageReader reader = new FhirMessageReader(FhirContext.forR4Cached());

    static String example(String name) throws IOException {
        Path shared = EXAMPLES.resolve(name);
        Path local = Path.of("src/test/resources/messages/examples").resolve(name);
        return Files.readString(Files.exists(shared) ? shared : local);
    }

    InboundMessage read(String json, String agency) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8), agency);
    }

    @ParameterizedTest
    @CsvSource({
        "consent-update.json, drug-service, consent-update, 0",
        "cp-plan-status.json, social-care, cp-plan-status, 1",
        "screening-result.json, drug-service, screening-result, 1",
        "treatment-dropout.json, drug-service, treatment-dropout, 1",
        "pregnancy-substance-use.json, maternity, pregnancy-substance-use, 1"
    })
    void acceptsEveryExample(String file, String agency, String event, int children) throws IOException {
        InboundMessage m = read(example(file), agency);
        assertThat(m.event().code()).isEqualTo(event);
        assertThat(m.senderAgency()).isEqualTo(agency);
        assertThat(m.serviceUserNhsNumber()).isEqualTo("9990000018");
        assertThat(m.gpAgency()).isEqualTo("gp");
        assertThat(m.linkedChildren()).hasSize(children);
    }

    @Test
    void readsTheUnbornChildAndTheAssertion() throws IOException {
        InboundMessage m = read(example("pregnancy-substance-use.json"), "maternity");
        assertThat(m.linkedChildren().get(0).unborn()).isTrue();
        assertThat(m.linkedChildren().get(0).expectedDelivery()).isEqualTo(LocalDate.of(2027, 4, 30));
        assertThat(m.assertion(Assertion.CAPACITY_SERIOUSLY_IMPAIRED)
                        .orElseThrow()
                        .reason())
                .startsWith("Using daily");
    }

    @Test
    void readsTheConsentAndThePlan() throws IOException {
        InboundMessage consent = read(example("consent-update.json"), "drug-service");
        assertThat(consent.consent().status()).isEqualTo("active");
        assertThat(consent.consent().roles())
                .extracting(Enum::name)
                .containsExactlyInAnyOrder("CHILDRENS_SOCIAL_CARE", "GP");
        InboundMessage plan = read(example("cp-plan-status.json"), "social-care");
        assertThat(plan.event()).isEqualTo(Event.CP_PLAN_STATUS);
        assertThat(plan.flagUpdates()).singleElement().satisfies(f -> {
            assertThat(f.childKey()).isEqualTo("9990000026");
            assertThat(f.active()).isTrue();
        });
    }

    @Test
    void aSenderThatIsNotTheAuthenticatedAgencyIsForbidden() throws IOException {
        assertRefused(example("screening-result.json"), "maternity", 403, "is not the authenticated agency");
    }

    @Test
    void anNhsNumberWithABadCheckDigitIsInvalid() throws IOException {
        assertRefused(
                example("screening-result.json").replace("9990000026", "9990000027"),
                "drug-service",
                400,
                "fails its check digit");
    }

    @Test
    void aLinkedChildThatDoesNotResolveIsInvalid() throws IOException {
        assertRefused(
                example("screening-result.json")
                        .replace("\"reference\": \"Patient/kai\"", "\"reference\": \"Patient/nobody\""),
                "drug-service",
                400,
                "does not resolve");
    }

    @Test
    void anUnknownEventIsInvalid() throws IOException {
        assertRefused(
                example("screening-result.json").replace("\"code\": \"screening-result\"", "\"code\": \"gossip\""),
                "drug-service",
                400,
                "unknown event 'gossip'");
    }

    @Test
    void aMissingEventResourceIsInvalid() throws IOException {
        assertRefused(
                example("treatment-dropout.json").replace("EpisodeOfCare/ep1", "EpisodeOfCare/none"),
                "drug-service",
                400,
                "points nowhere");
    }

    @Test
    void informSubjectIncreasesRiskWithoutAReasonIsInvalid() throws IOException {
        String json = example("pregnancy-substance-use.json")
                .replace("capacity-seriously-impaired", Assertion.INFORM_SUBJECT_INCREASES_RISK)
                .replace("Using daily, no antenatal care until 24 weeks, no stable address.", " ");
        assertRefused(json, "maternity", 400, "needs its reason text");
    }

    @Test
    void malformedJsonAndOtherResourcesAreInvalid() {
        assertRefused("{\"resourceType\": \"Bundle\", ", "drug-service", 400, "not a parseable");
        assertRefused("{\"resourceType\": \"Patient\"}", "drug-service", 400, "expected a Bundle");
        assertRefused(
                "{\"resourceType\": \"Bundle\", \"type\": \"collection\"}",
                "drug-service",
                400,
                "Bundle.type must be 'message'");
    }

    private void assertRefused(String json, String agency, int status, String text) {
        assertThatThrownBy(() -> read(json, agency)).isInstanceOfSatisfying(MessageRefused.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains(text);
        });
    }
}
