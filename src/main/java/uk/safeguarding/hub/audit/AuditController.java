package uk.safeguarding.hub.audit;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/audit} (IG_OFFICER): entries by subject NHS number, event, type and time ({@code from}/{@code to}
 * as ISO instants), oldest first, at most 1,000. {@code GET /api/audit/verify} (IG_OFFICER or OPS): the chain check.
 */
@RestController
class AuditController {

    record Row(long seq, String recordedAt, String type, String hubMessageId, String agency, String subject,
            String event, String detail) {}

    private final AuditVerifier verifier;
    private final JdbcTemplate jdbc;

    AuditController(AuditVerifier verifier, JdbcTemplate jdbc) {
        this.verifier = verifier;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/audit/verify")
    AuditVerifier.Verification verify() {
        return verifier.verify();
    }

    @GetMapping("/api/audit")
    List<Row> entries(@RequestParam(required = false) String subject, @RequestParam(required = false) String event,
            @RequestParam(required = false) String type, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        StringBuilder sql = new StringBuilder("SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs,"
                + " event, detail FROM audit_entry WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(sql, args, "subject_nhs = ?", subject);
        where(sql, args, "event = ?", event);
        where(sql, args, "entry_type = ?", type);
        where(sql, args, "recorded_at >= ?", from);
        where(sql, args, "recorded_at < ?", to);
        sql.append(" ORDER BY seq FETCH FIRST 1000 ROWS ONLY");
        return jdbc.query(sql.toString(), (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)), args.toArray());
    }

    private static void where(StringBuilder sql, List<Object> args, String clause, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(clause);
            args.add(value);
        }
    }
}
