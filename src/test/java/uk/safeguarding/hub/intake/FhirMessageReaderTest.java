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

    /** The examples every build must accept (docs/messages.md), with the project's own beside them. */
    static final Path EXAMPLES = Path.of("src/test/resources/messages/examples");

    final FhirMessageReader reader = new FhirMessageReader(FhirContext.forR4Cached());

    static String example(String name) throws IOException {
        return Files.readString(EXAMPLES.resolve(name));
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
        "pregnancy-substance-use.json, maternity, pregnancy-substance-use, 1",
        "referral-outcome.json, social-care, referral-outcome, 1",
        "referral-to-treatment.json, social-care, referral, 0"
    })
    void acceptsEveryExample(String file, String agency, String event, int children) throws IOException {
        InboundMessage m = read(example(file), agency);
        assertThat(m.event().code()).isEqualTo(event);
        assertThat(m.senderAgency()).isEqualTo(agency);
        assertThat(m.serviceUserNhsNumber()).isEqualTo("9990000018");
        assertThat(m.gpAgency()).isEqualTo("gp");
        assertThat(m.linkedChildren()).hasSize(children);
    }

    /** Second edition: a pre-birth plan, a referral outcome, a referral to treatment, household adults. */
    @org.junit.jupiter.api.Nested
    class SecondEdition {

        @Test
        void aPreBirthPlanIsAFlagOnTheMotherAboutHerUnbornChild() throws IOException {
            InboundMessage m = read(example("cp-plan-status-pre-birth.json"), "social-care");
            assertThat(m.serviceUserNhsNumber()).isEqualTo("9990001006");
            String key = uk.safeguarding.hub.message.LinkedChild.unbornKey("9990001006", LocalDate.of(2027, 1, 10));
            assertThat(m.linkedChildren())
                    .singleElement()
                    .satisfies(c -> assertThat(c.key()).isEqualTo(key));
            assertThat(m.flagUpdates()).singleElement().satisfies(f -> {
                assertThat(f.childKey()).isEqualTo(key);
                assertThat(f.active()).isTrue();
            });
        }

        @Test
        void aPreBirthFlagNeedsADateInItsExtension() throws IOException {
            String bad = example("cp-plan-status-pre-birth.json").replace("\"valueDate\"", "\"valueString\"");
            assertThatThrownBy(() -> read(bad, "social-care"))
                    .isInstanceOf(MessageRefused.class)
                    .hasMessageContaining("unborn-due-date extension needs a valueDate");
        }

        @Test
        void aReferralOutcomeNamesTheReferralItAnswersAndAnS47OutcomeOpensTheEnquiry() throws IOException {
            InboundMessage m = read(example("referral-outcome.json"), "social-care");
            assertThat(m.basedOn()).isEqualTo("6f1c2a8e-3b4d-4f5a-9e6b-7c8d9e0f1a2b");
            assertThat(m.referralOutcome()).isEqualTo("s47-enquiry");
            assertThat(m.flagUpdates()).singleElement().satisfies(f -> {
                assertThat(f.flagType()).isEqualTo("s47-enquiry");
                assertThat(f.childKey()).isEqualTo("9990000026");
            });
            InboundMessage earlyHelp =
                    read(example("referral-outcome.json").replace("\"s47-enquiry\"", "\"early-help\""), "social-care");
            assertThat(earlyHelp.flagUpdates()).isEmpty();
            assertThatThrownBy(() -> read(
                            example("referral-outcome.json").replace("\"s47-enquiry\"", "\"closed\""), "social-care"))
                    .isInstanceOf(MessageRefused.class)
                    .hasMessageContaining("a referral outcome is one of");
        }

        @Test
        void aReferralToTreatmentIsAboutTheParentAndAddressedToDrugTreatment() throws IOException {
            InboundMessage m = read(example("referral-to-treatment.json"), "social-care");
            assertThat(m.addressedTo()).isEqualTo(uk.safeguarding.hub.message.AgencyRole.DRUG_TREATMENT);
            assertThat(m.serviceUserNhsNumber()).isEqualTo("9990000018");
            assertThat(m.concerns()).isEmpty();
            assertThat(read(example("referral-level-3.json"), "gp").addressedTo())
                    .isEqualTo(uk.safeguarding.hub.message.AgencyRole.CHILDRENS_SOCIAL_CARE);
            assertThatThrownBy(() -> read(
                            example("referral-to-treatment.json").replace("\"DRUG_TREATMENT\"", "\"GP\""),
                            "social-care"))
                    .isInstanceOf(MessageRefused.class)
                    .hasMessageContaining("a referral is to CHILDRENS_SOCIAL_CARE or DRUG_TREATMENT");
        }

        @Test
        void aFatherOfAChildAndAPartnerOfTheMotherAreHouseholdAdults() throws IOException {
            String plan = Files.readString(Path.of("src/test/resources/scenarios/messages/leo-cpp-start.json"));
            InboundMessage m = read(plan.replace("${today-20}", "2026-11-01"), "social-care");
            assertThat(m.serviceUserNhsNumber()).isEqualTo("9990001057");
            assertThat(m.householdAdults()).singleElement().satisfies(h -> {
                assertThat(h.adultNhs()).isEqualTo("9990001022");
                assertThat(h.relationship()).isEqualTo("FTH");
                assertThat(h.child().nhsNumber()).isEqualTo("9990001030");
            });
            String pregnancy =
                    Files.readString(Path.of("src/test/resources/scenarios/messages/hana-pregnancy-partner.json"));
            InboundMessage p = read(pregnancy.replace("${today+90}", "2027-03-01"), "maternity");
            assertThat(p.householdAdults()).singleElement().satisfies(h -> {
                assertThat(h.adultNhs()).isEqualTo("9990001065");
                assertThat(h.partnerOfServiceUser()).isTrue();
            });
        }
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
    void informSubjectIncreasesRiskWithoutAReasonIsAcceptedForFollowUp() throws IOException {
        String json = example("pregnancy-substance-use.json")
                .replace("capacity-seriously-impaired", Assertion.INFORM_SUBJECT_INCREASES_RISK)
                .replace("Using daily, no antenatal care until 24 weeks, no stable address.", " ");
        InboundMessage m = read(json, "maternity");
        assertThat(uk.safeguarding.hub.policy.PolicyEngine.reasonMissing(m)).isTrue();
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
