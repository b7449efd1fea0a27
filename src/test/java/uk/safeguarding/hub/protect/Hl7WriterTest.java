package uk.safeguarding.hub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.intake.Hl7MessageReader;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.MinimumNecessary;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleSet;

/**
 * HL7 v2 out, checked by reading what it writes back in with the hub's own HL7 reader: the recipient's
 * minimum-necessary copy of a screening result and of a dropout survive the round trip, and nothing removed comes
 * back.
 */
class Hl7WriterTest {

    final FhirContext fhir = FhirContext.forR4Cached();
    final FhirMessageReader fhirReader = new FhirMessageReader(fhir);
    final Hl7MessageReader hl7Reader = new Hl7MessageReader(fhirReader);
    final RuleSet rules = RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"));

    InboundMessage example(String file) throws Exception {
        return fhirReader.read(
                Files.readAllBytes(Path.of("src/test/resources/messages/examples", file)), "drug-service");
    }

    @Test
    void aScreeningResultRoundTripsAsOruR01() throws Exception {
        InboundMessage original = example("screening-result.json");
        MinimumNecessary.Result copy =
                new MinimumNecessary(fhir).apply(original, rules.profiles().get("screening-summary"));
        byte[] er7 = new Hl7Writer()
                .write(Event.SCREENING_RESULT, copy.bundle(), "social-care", "d-1")
                .orElseThrow();
        String text = new String(er7, StandardCharsets.UTF_8);
        assertThat(text).contains("ORU^R01^ORU_R01").contains("|2.5.1").doesNotContain("difficult week");

        // Read back as if the drug service had sent it (MSH-4 names the sender).
        InboundMessage back = hl7Reader.read(
                text.replace("|safeguarding-hub|safeguarding-hub|", "|safeguarding-hub|drug-service|")
                        .getBytes(StandardCharsets.UTF_8),
                "drug-service");
        assertThat(back.event()).isEqualTo(Event.SCREENING_RESULT);
        assertThat(back.serviceUserNhsNumber()).isEqualTo(original.serviceUserNhsNumber());
        assertThat(back.serviceUserBirthDate()).isEqualTo(original.serviceUserBirthDate());
        String json = new String(new uk.safeguarding.hub.message.FhirJson(fhir).encode(back), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("opiates")
                .contains("cocaine")
                .contains("methadone")
                .contains("\"POS\"")
                .contains("urine");
    }

    @Test
    void aDropoutRoundTripsAsAdtA03() throws Exception {
        InboundMessage original = example("treatment-dropout.json");
        MinimumNecessary.Result copy =
                new MinimumNecessary(fhir).apply(original, rules.profiles().get("treatment-status"));
        String text = new String(
                new Hl7Writer()
                        .write(Event.TREATMENT_DROPOUT, copy.bundle(), "gp", "d-2")
                        .orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(text).contains("ADT^A03^ADT_A03").contains("PV1|1|O|");
        InboundMessage back = hl7Reader.read(
                text.replace("|safeguarding-hub|safeguarding-hub|", "|safeguarding-hub|drug-service|")
                        .getBytes(StandardCharsets.UTF_8),
                "drug-service");
        assertThat(back.event()).isEqualTo(Event.TREATMENT_DROPOUT);
        assertThat(back.treatmentStatus()).isEqualTo("disengaged");
        assertThat(new String(new uk.safeguarding.hub.message.FhirJson(fhir).encode(back), StandardCharsets.UTF_8))
                .contains("2026-02-01")
                .contains("2026-11-15");
    }

    @Test
    void eventsWithoutAMappingAreNotWritten() {
        assertThat(new Hl7Writer().maps(Event.REFERRAL)).isFalse();
        assertThat(new Hl7Writer().maps(Event.TREATMENT_DROPOUT)).isTrue();
    }
}
