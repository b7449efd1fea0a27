package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import uk.safeguarding.hub.review.HeldContent;

/**
 * What an officer who opened a message for a review sees, from the running hub: the message as sent and each share
 * as its recipient got it, in words, with what is about other people marked; a refused message as it arrived; and
 * nothing once the content is past its time.
 */
class HeldContentTest extends HubTestBase {

    @Autowired
    HeldContent content;

    @Autowired
    uk.safeguarding.hub.delivery.AcceptedMessages accepted;

    String hubIdOf(String receipt) throws Exception {
        return JSON.readTree(receipt)
                .get("entry")
                .get(1)
                .get("resource")
                .get("parameter")
                .get(0)
                .get("valueString")
                .asString();
    }

    static List<String> rows(HeldContent.Part part) {
        return part.sections().stream()
                .flatMap(s -> s.rows().stream().map(r -> s.title() + " | " + r.label() + " | " + r.value()))
                .toList();
    }

    @Test
    void aMessageAsSentAndEachShareAsItsRecipientGotItInWords() throws Exception {
        String mum = "9990072124";
        String child = "9990072132";
        as("drug-service")
                .post(
                        PROCESS,
                        Hl7MllpTest.family(
                                        Files.readString(Path.of(
                                                "src/test/resources/scenarios/messages/amy-consent-csc-gp.json")),
                                        mum,
                                        child)
                                .replace("amy-consent-csc-gp", "held-consent-" + UUID.randomUUID()));
        String pregnancy = Hl7MllpTest.family(
                        Files.readString(Path.of("src/test/resources/scenarios/messages/amy-pregnancy-sister.json")),
                        mum,
                        child)
                .replace("\"amy-pregnancy-sister\"", "\"held-" + UUID.randomUUID() + "\"");
        var receipt = as("drug-service").post(PROCESS, pregnancy);
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(decisions(receipt.body()))
                .containsEntry("social-care", "SHARE SIGNIFICANT_HARM")
                .containsEntry("gp", "SHARE CONSENT");
        String hubId = hubIdOf(receipt.body());

        assertThat(content.messageHeld(hubId)).isTrue();
        HeldContent.Shown shown = content.message(hubId).orElseThrow();
        assertThat(shown.subjectNhs()).isEqualTo(mum);
        assertThat(shown.parts())
                .extracting(HeldContent.Part::heading)
                .contains(
                        "As Adult drug and alcohol treatment service sent it",
                        "As Children's social care (MASH front door) got it",
                        "As General practice got it");
        HeldContent.Part sent = shown.parts().get(0);
        assertThat(rows(sent))
                .contains("The person | Identifier | NHS number " + mum, "Family members | Relationship | sister")
                .anyMatch(r -> r.contains("Her sister saw her injecting"));
        assertThat(sent.sections())
                .filteredOn(HeldContent.Section::otherPeople)
                .extracting(HeldContent.Section::title)
                .containsExactly("Family members");
        HeldContent.Part gp = shown.parts().stream()
                .filter(p -> p.heading().equals("As General practice got it"))
                .findFirst()
                .orElseThrow();
        assertThat(gp.note()).contains("consent", "information about other people");
        assertThat(rows(gp)).noneMatch(r -> r.contains("sister") || r.contains("Informant"));
        HeldContent.Part csc = shown.parts().stream()
                .filter(p -> p.heading().equals("As Children's social care (MASH front door) got it"))
                .findFirst()
                .orElseThrow();
        assertThat(rows(csc)).anyMatch(r -> r.contains("Her sister saw her injecting"));
        assertThat(csc.sections().stream().flatMap(s -> s.rows().stream()))
                .anyMatch(r -> r.otherPeople() && r.value().contains("Her sister saw her injecting"));
        // In words: no codes or ISO instants.
        assertThat(String.join("\n", rows(sent)))
                .doesNotContain("pregnancy-substance-use", "T00:00", "2027-04-30")
                .contains("30 Apr 2027");

        // Past hub.policy.keep-messages-for, with no legal hold: the content is gone, and nothing is shown.
        accepted.forgetContentBefore(Instant.now().plusSeconds(60), java.util.Set.of());
        assertThat(content.message(hubId)).isEmpty();
        assertThat(content.messageHeld(hubId)).isFalse();
        assertThat(accepted.about(
                        mum, Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60)))
                .as("the list to open from says which are gone")
                .filteredOn(m -> m.hubMessageId().equals(hubId))
                .singleElement()
                .satisfies(m -> assertThat(m.kept()).isFalse());
    }

    @Test
    void aRefusedMessageIsShownAsItArrived() throws Exception {
        String garbage = "this is not FHIR " + UUID.randomUUID();
        var refused = as("drug-service").post(PROCESS, garbage);
        assertThat(refused.statusCode()).isEqualTo(400);
        String id = jdbc.queryForObject(
                "SELECT quarantine_id FROM quarantine ORDER BY received_at DESC FETCH FIRST 1 ROWS ONLY", String.class);
        assertThat(content.quarantinedHeld(id)).isTrue();
        HeldContent.Shown shown = content.quarantined(id).orElseThrow();
        assertThat(shown.parts()).singleElement().satisfies(p -> {
            assertThat(p.raw()).isEqualTo(garbage);
            assertThat(p.note()).startsWith("Refused ").contains("(UK time)");
        });
    }
}
