package uk.safeguarding.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Audit details as people read them: how a share was collected, and a stored duration, in words. */
class AuditWordsTest {

    final AuditWords words = new AuditWords();

    @Test
    void howAShareWasCollectedIsSaidInWords() {
        assertThat(words.fields("{\"deliveryId\":\"d-1\",\"via\":\"mesh\"}"))
                .contains(new AuditWords.Field("How", "acknowledged from its MESH inbox"));
        assertThat(words.fields("{\"deliveryId\":\"d-1\",\"via\":\"broker\"}"))
                .contains(new AuditWords.Field("How", "taken from its broker queue"));
    }

    @Test
    void aStoredDurationReadsAsAWait() {
        assertThat(words.fields(
                        "{\"deliveryId\":\"d-1\",\"uncollectedAfter\":\"PT120H\",\"reportTo\":\"drug-service\"}"))
                .contains(new AuditWords.Field("Left uncollected for more than", "5 days"))
                .contains(new AuditWords.Field("Its sender told through MESH", "drug-service"));
        assertThat(words.fields("{\"ackWithin\":\"PT1H\"}"))
                .containsExactly(new AuditWords.Field("To be collected within", "60 minutes"));
    }

    @Test
    void aReceiptsDecisionsToWithholdReadAsWhoAndWhyNot() {
        assertThat(words.fields("{\"senderRole\":\"DRUG_TREATMENT\",\"withheld\":{\"gp\":{\"decision\":\"WITHHOLD\","
                        + "\"withheldBecause\":\"NOT_INVOLVED\"}}}"))
                .anyMatch(f -> f.label().equals("Not shared with")
                        && f.value().startsWith("gp: ")
                        && !f.value().contains("NOT_INVOLVED"));
    }
}
