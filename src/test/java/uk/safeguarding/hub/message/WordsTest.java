package uk.safeguarding.hub.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordsTest {

    final Words words = Words.EN;

    @Test
    void aSetOfRolesReadsInTheRegistersOrderAndAListAsItIs() {
        assertThat(words.allOf(Set.of(AgencyRole.HEALTH_VISITOR, AgencyRole.DRUG_TREATMENT, AgencyRole.GP), "roles"))
                .isEqualTo("drug and alcohol treatment services, GP practices and health visitors");
        assertThat(words.anyOf(List.of("TREAT", "COC"), "purpose")).isEqualTo("treatment or continuity of care");
    }

    @Test
    void whatMinimumNecessaryRemovesReadsWithoutTheResourcesId() {
        assertThat(words.element("Observation/o1.note")).isEqualTo("free-text notes on test results");
        assertThat(words.element("Patient.photo")).isEqualTo("photo of the person");
    }

    /** A code the table lacks still reads as words, never as the code. */
    @Test
    void aCodeTheTableLacksReadsInLowerCaseWithSpaces() {
        assertThat(words.event("new-kind-of-event")).isEqualTo("new kind of event");
        assertThat(words.basis("SOME_NEW_BASIS")).isEqualTo("some new basis");
        assertThat(words.role(null)).isEmpty();
    }
}
