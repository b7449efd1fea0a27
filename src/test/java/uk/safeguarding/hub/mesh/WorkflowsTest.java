package uk.safeguarding.hub.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.message.Event;

/** The MESH workflow ids: the rule by default, the configuration over it, and a bad table named at start. */
class WorkflowsTest {

    @Test
    void eachEventNoticeAndTheReceiptHasItsOwnIdByTheRule() {
        Workflows ids = Workflows.of(Map.of());
        assertThat(ids.of("screening-result")).isEqualTo("SAFEGUARDING_SCREENING_RESULT");
        assertThat(ids.of("recall-notice")).isEqualTo("SAFEGUARDING_RECALL_NOTICE");
        assertThat(ids.receipt()).isEqualTo("SAFEGUARDING_RECEIPT");
        assertThat(ids.event("SAFEGUARDING_S47_INFORMATION_REQUEST")).contains(Event.S47_INFORMATION_REQUEST);
        assertThat(ids.event("SAFEGUARDING_RECALL_NOTICE"))
                .as("a notice is no event")
                .isEmpty();
        assertThat(ids.byCode()).hasSize(Event.values().length + 3);
    }

    @Test
    void theConfigurationOverridesTheRule() {
        Workflows ids = Workflows.of(Map.of("screening-result", "LA_DRUG_SCREEN", "receipt", "LA_RECEIPT"));
        assertThat(ids.of("screening-result")).isEqualTo("LA_DRUG_SCREEN");
        assertThat(ids.event("LA_DRUG_SCREEN")).contains(Event.SCREENING_RESULT);
        assertThat(ids.event("SAFEGUARDING_SCREENING_RESULT")).isEmpty();
        assertThat(ids.receipt()).isEqualTo("LA_RECEIPT");
    }

    @Test
    void aBadTableStopsTheStartNamingEachKey() {
        assertThatThrownBy(() -> Workflows.of(Map.of(
                        "screening-results", "X",
                        "referral", "lower case",
                        "treatment-change", "SAFEGUARDING_TREATMENT_DROPOUT")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.mesh.workflows.screening-results: no event or notice is called")
                .hasMessageContaining("hub.mesh.workflows.referral: lower case is not a MESH workflow id")
                .hasMessageContaining("SAFEGUARDING_TREATMENT_DROPOUT is already the workflow id of treatment-dropout");
    }
}
