package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleFileWriterTest {

    static final Path FILE = Path.of("config/rules/sharing-rules.yaml");

    /** The forms write the file in this layout, so a change made with them differs from the shipped file by itself. */
    @Test
    void theShippedFileIsInTheWritersLayout() throws Exception {
        String shipped = Files.readString(FILE);
        assertThat(RuleFileWriter.write(RuleFileLoader.parse(shipped, "shipped")))
                .isEqualTo(shipped);
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameRules() throws Exception {
        RuleSet rules = RuleFileLoader.load(FILE);
        RuleSet again = RuleFileLoader.parse(RuleFileWriter.write(rules), "written");
        assertThat(again.version()).isEqualTo(rules.version());
        assertThat(again.profiles()).isEqualTo(rules.profiles());
        assertThat(again.events().keySet()).isEqualTo(rules.events().keySet());
        rules.events().forEach((event, e) -> {
            RuleSet.EventRules back = again.events().get(event);
            assertThat(back.senders()).isEqualTo(e.senders());
            assertThat(back.urgentWhen()).isEqualTo(e.urgentWhen());
            assertThat(back.guidance()).isEqualTo(e.guidance());
            assertThat(back.rules()).hasSameSizeAs(e.rules());
            for (int i = 0; i < e.rules().size(); i++) {
                RuleSet.SharingRule a = e.rules().get(i);
                RuleSet.SharingRule b = back.rules().get(i);
                assertThat(b.id()).isEqualTo(a.id());
                assertThat(b.recipients()).isEqualTo(a.recipients());
                assertThat(b.reach()).isEqualTo(a.reach());
                assertThat(b.bases()).isEqualTo(a.bases());
                assertThat(b.profile()).isEqualTo(a.profile());
                assertThat(b.guidance()).isEqualTo(a.guidance());
            }
        });
    }

    /** Notes are free text: quotes, colons, hashes and YAML's own words come back as written. */
    @Test
    void notesWithYamlsOwnCharactersComeBackAsWritten() throws Exception {
        String odd = "Joint guidance §4: \"all relevant services\" # not a comment; - yes: no";
        String yaml = Files.readString(FILE)
                .replace(
                        "guidance: 'Joint guidance §4: all relevant services will be notified'",
                        "guidance: '" + odd.replace("'", "''") + "'");
        RuleSet rules = RuleFileLoader.parse(yaml, "odd");
        String written = RuleFileWriter.write(rules);
        assertThat(RuleFileLoader.parse(written, "written")
                        .events()
                        .get(uk.safeguarding.hub.message.Event.TREATMENT_DROPOUT)
                        .rules()
                        .get(0)
                        .guidance())
                .isEqualTo(odd);
    }

    /** A problem carries where it is, for the form to show it beside its field. */
    @Test
    void aProblemSaysWhereInTheRulesItIs() throws Exception {
        String yaml = Files.readString(FILE)
                .replace("recipients: [DRUG_TREATMENT, MATERNITY, GP, HEALTH_VISITOR]", "recipients: []");
        assertThatThrownBy(() -> RuleFileLoader.parse(yaml, "x"))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e -> assertThat(e.located())
                                .extracting(RuleFileException.Located::path)
                                .contains("events/treatment-dropout/rules/1/recipients"));
    }

    /** A key without its colon is noticed a line later: the problem names the line it was made on. */
    @Test
    void aYamlSlipNamesTheLineItWasMadeOn() throws Exception {
        var lines = new java.util.ArrayList<>(Files.readAllLines(FILE));
        int n = lines.indexOf("        recipients: [CHILDRENS_SOCIAL_CARE]");
        lines.set(n, "        recipients [CHILDRENS_SOCIAL_CARE]");
        assertThatThrownBy(() -> RuleFileLoader.parse(String.join("\n", lines), "x"))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e -> assertThat(e.problems())
                                .singleElement()
                                .asString()
                                .startsWith("line " + (n + 1) + ": not valid YAML")
                                .contains("noticed on line " + (n + 2)));
    }
}
