package uk.safeguarding.hub.audit;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.TestVaults;

/** Unit tests' view of the audit details they wrote (sealed with the tests' shared vault), opened, oldest first. */
public final class AuditDetails {

    private AuditDetails() {}

    public static List<String> of(JdbcTemplate jdbc, String type) {
        return jdbc.query(
                "SELECT seq, detail FROM audit_entry WHERE entry_type = ? ORDER BY seq",
                (rs, i) ->
                        TestVaults.shared().openText(Purpose.AUDIT, rs.getString(2), AuditTrail.DETAIL + rs.getLong(1)),
                type);
    }

    public static String newest(JdbcTemplate jdbc, String type) {
        List<String> all = of(jdbc, type);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
