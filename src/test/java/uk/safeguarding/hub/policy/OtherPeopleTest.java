package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.FhirValidation;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.intake.Hl7MessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.OtherPeople;
import uk.safeguarding.hub.message.Words;

/**
 * Information about other people, labelled NOPAT: kept in a copy only when allowed (children's social care on a
 * statutory basis), taken out and said so otherwise, at the level of a resource or of one element; refused where a
 * label would withhold the message itself; read from HL7 v2 notes.
 */
class OtherPeopleTest {

    static final Path SCENARIO_MESSAGES = Path.of("src/test/resources/scenarios/messages");

    final FhirContext fhir = FhirContext.forR4Cached();
    final FhirMessageReader reader = new FhirMessageReader(fhir);
    final RuleSet rules = RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"));

    InboundMessage read(String file, String agency) throws Exception {
        return reader.read(Files.readAllBytes(SCENARIO_MESSAGES.resolve(file)), agency);
    }

    MinimumNecessary.Result copy(InboundMessage message, String profile, boolean allowed) {
        return new MinimumNecessary(fhir).apply(message, rules.profiles().get(profile), "someone", allowed);
    }

    static String text(MinimumNecessary.Result result) {
        return new String(result.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void aNeighbourWhoRaisedTheConcernIsNoFamilyLinkAndStaysWhereAllowed() throws Exception {
        InboundMessage referral = read("kai-referral-l2-neighbour.json", "health-visiting");
        // The neighbour is about the child, but is neither a parent nor a household adult.
        assertThat(referral.linkedChildren()).hasSize(1);
        assertThat(referral.householdAdults()).isEmpty();

        MinimumNecessary.Result allowed = copy(referral, "referral", true);
        assertThat(text(allowed))
                .contains("Nextdoor", "07700 900461", "\"requester\":{\"reference\":\"RelatedPerson/nell\"}")
                .contains("shouting through the wall", OtherPeople.CODE);
        assertThat(allowed.otherPeople()).isTrue();
        assertThat(allowed.removed()).noneMatch(r -> r.contains(OtherPeople.REMOVED));
        FhirValidation.assertValid("the copy with the neighbour", text(allowed));
    }

    @Test
    void withoutAStatutoryShareToSocialCareTheNeighbourAndWhatOnlyTheyCouldSayGo() throws Exception {
        MinimumNecessary.Result kept =
                copy(read("kai-referral-l2-neighbour.json", "health-visiting"), "referral", false);
        assertThat(text(kept))
                .doesNotContain("Nextdoor")
                .doesNotContain("07700")
                .doesNotContain("shouting")
                .doesNotContain("requester")
                .doesNotContain(OtherPeople.CODE)
                .contains("Parental drug use, concern for the child", "Patient/kai");
        assertThat(kept.otherPeople()).isFalse();
        assertThat(kept.removed())
                .contains(
                        "RelatedPerson/nell (information about another person)",
                        "ServiceRequest/sr-kai-referral-l2-neighbour.requester (pointed at RelatedPerson/nell, removed)",
                        "ServiceRequest/sr-kai-referral-l2-neighbour.reasonCode (information about another person)");
        FhirValidation.assertValid("the copy without the neighbour", text(kept));
    }

    @Test
    void anElementLabelGoesAloneAndTheRestOfItsResourceStays() throws Exception {
        InboundMessage pregnancy = read("amy-pregnancy-sister.json", "drug-service");
        MinimumNecessary.Result gp = copy(pregnancy, "pregnancy-notice", false);
        assertThat(text(gp)).contains("Heroin use").doesNotContain("injecting").doesNotContain("evidence");
        assertThat(gp.removed())
                .contains(
                        "RelatedPerson/sue (information about another person)",
                        "Condition/cond-amy-pregnancy-sister.evidence (information about another person)");

        MinimumNecessary.Result socialCare = copy(pregnancy, "pregnancy-notice", true);
        assertThat(text(socialCare)).contains("Heroin use", "saw her injecting", "Informant");
        assertThat(socialCare.otherPeople()).isTrue();
    }

    @Test
    void aCopyWithNothingLabelledCarriesNoOtherPeopleEvenWhereAllowed() throws Exception {
        MinimumNecessary.Result plain = copy(read("kai-referral-l2-hv.json", "health-visiting"), "referral", true);
        assertThat(plain.otherPeople()).isFalse();
    }

    @Test
    void aLabelOnTheMessageItsHeaderOrTheServiceUserIsRefusedNamingWhere() throws Exception {
        String label = "\"meta\": {\"security\": [{\"system\": \"" + OtherPeople.SYSTEM + "\", \"code\": \"NOPAT\"}]},";
        String pregnancy = Files.readString(SCENARIO_MESSAGES.resolve("amy-pregnancy-drug-service.json"));
        for (var c : List.of(
                List.of("\"resourceType\": \"MessageHeader\",", "the MessageHeader"),
                List.of("\"resourceType\": \"Patient\",", "the service user's Patient"),
                List.of("\"resourceType\": \"Bundle\",", "the Bundle"))) {
            String labelled = pregnancy.replaceFirst(c.get(0), c.get(0) + label);
            assertThat(labelled).contains("NOPAT");
            assertThatThrownBy(() -> reader.read(labelled.getBytes(StandardCharsets.UTF_8), "drug-service"))
                    .isInstanceOf(MessageRefused.class)
                    .hasMessageContaining("is on " + c.get(1))
                    .hasMessageContaining("put it on the resource or element about the other person");
        }
    }

    @Test
    void anHl7NoteOfCommentTypeNopatIsReadAsLabelled() throws Exception {
        String oru = Files.readString(Path.of("src/test/resources/messages/examples/screening-result-oru-r01.hl7"))
                .stripTrailing();
        String withNotes = oru.replaceFirst("(OBR\\|[^\r]*)\r", "$1\rNTE|1|L|Attended with her keyworker\r")
                + "\rNTE|1|L|Her mother says she is using again|NOPAT^no disclosure to patient^HL70364\r";
        InboundMessage message =
                new Hl7MessageReader(reader).read(withNotes.getBytes(StandardCharsets.UTF_8), "drug-service");
        Observation screen = message.payload().getEntry().stream()
                .map(e -> e.getResource())
                .filter(Observation.class::isInstance)
                .map(Observation.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(screen.getNote())
                .extracting(n -> n.getText())
                .containsExactly("Attended with her keyworker", "Her mother says she is using again");
        assertThat(OtherPeople.labelled(screen.getNote().get(0))).isFalse();
        assertThat(OtherPeople.labelled(screen.getNote().get(1))).isTrue();

        // A profile that keeps notes keeps the keyworker's and not the mother's, for a recipient not allowed it.
        var withNotesProfile =
                new RuleSet.Profile("with-notes", "test", Set.of("MessageHeader", "Patient", "Observation"), List.of());
        MinimumNecessary.Result result = new MinimumNecessary(fhir).apply(message, withNotesProfile, "gp", false);
        assertThat(text(result)).contains("Attended with her keyworker").doesNotContain("using again");
        assertThat(result.removed()).containsExactly("Observation/o1.note (information about another person)");
    }

    @Test
    void inWordsARemovalAboutAnotherPersonNamesNeitherWhoNorWhat() {
        assertThat(Words.EN.element("RelatedPerson/sue (information about another person)"))
                .isEqualTo("information about other people");
        assertThat(Words.EN.element("Condition/c1.evidence (information about another person)"))
                .isEqualTo("information about other people");
        assertThat(Words.EN.element("Patient/neighbour (not a member of the family)"))
                .isEqualTo("information about people outside the family");
        assertThat(Words.EN.element("ServiceRequest/sr1.note")).isEqualTo("free-text notes on the referral");
        assertThat(Words.EN.element("Condition/c9 (not in profile referral)")).isEqualTo("conditions");
    }
}
