package uk.safeguarding.hub.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Audit entries newest first, a page at a time, filtered by subject NHS number, event, agency, type and time
 * ({@code from} inclusive, {@code to} exclusive): each filter an indexed column. One search for the API ({@code GET
 * /api/audit}) and the console's audit page and its CSV.
 */
@Component
public class AuditSearch {

    public static final int MOST_PER_PAGE = 1000;

    public record Query(
            String subject, String event, String agency, String type, String from, String to, Long before, int limit) {

        /** What is wrong with it; empty when it can run. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (limit < 1 || limit > MOST_PER_PAGE) {
                problems.add("limit must be 1 to " + MOST_PER_PAGE);
            }
            if (given(type)
                    && Arrays.stream(AuditType.values()).noneMatch(t -> t.name().equals(type))) {
                problems.add("type must be one of " + Arrays.toString(AuditType.values()));
            }
            instant(problems, "from", from);
            instant(problems, "to", to);
            if (before != null && before < 1) {
                problems.add("before must be a positive sequence number");
            }
            return problems;
        }

        public boolean any() {
            return given(subject) || given(event) || given(agency) || given(type) || given(from) || given(to);
        }
    }

    public record Row(
            long seq,
            String recordedAt,
            String type,
            String hubMessageId,
            String agency,
            String subject,
            String event,
            JsonNode detail) {}

    /** A page, and the cursor of the next (older) one; null on the last. */
    public record Page(List<Row> rows, Long nextBefore) {}

    private final JdbcTemplate jdbc;
    private final AuditTrail trail;

    public AuditSearch(JdbcTemplate jdbc, AuditTrail trail) {
        this.jdbc = jdbc;
        this.trail = trail;
    }

    /** Runs a query whose {@link Query#problems()} are empty. */
    public Page find(Query q) {
        StringBuilder sql =
                new StringBuilder("SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs,"
                        + " event, detail, subject_sealed FROM audit_entry WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (given(q.subject())) {
            sql.append(" AND subject_nhs IN (?, ?)");
            args.addAll(trail.subjectForms(q.subject().strip()));
        }
        where(sql, args, "event = ?", q.event());
        where(sql, args, "agency = ?", q.agency());
        where(sql, args, "entry_type = ?", q.type());
        where(
                sql,
                args,
                "recorded_at >= ?",
                given(q.from()) ? Instant.parse(q.from().strip()).toString() : null);
        where(
                sql,
                args,
                "recorded_at < ?",
                given(q.to()) ? Instant.parse(q.to().strip()).toString() : null);
        if (q.before() != null) {
            sql.append(" AND seq < ?");
            args.add(q.before());
        }
        // One more than the page: whether there is a next page, without counting.
        sql.append(" ORDER BY seq DESC FETCH FIRST ").append(q.limit() + 1).append(" ROWS ONLY");
        List<Row> rows = jdbc.query(
                sql.toString(),
                (rs, i) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        trail.subject(rs.getLong(1), rs.getString(6), rs.getString(9)),
                        rs.getString(7),
                        AuditTrail.JSON.readTree(trail.detail(rs.getLong(1), rs.getString(8)))),
                args.toArray());
        if (rows.size() > q.limit()) {
            rows = rows.subList(0, q.limit());
            return new Page(List.copyOf(rows), rows.get(rows.size() - 1).seq());
        }
        return new Page(List.copyOf(rows), null);
    }

    /** The page as CSV: one line per entry, the detail as its JSON. */
    public static String csv(List<Row> rows) {
        Csv csv = new Csv("seq", "recorded_at", "type", "hub_message_id", "agency", "subject_nhs", "event", "detail");
        for (Row r : rows) {
            csv.row(
                    r.seq(),
                    r.recordedAt(),
                    r.type(),
                    r.hubMessageId(),
                    r.agency(),
                    r.subject(),
                    r.event(),
                    r.detail());
        }
        return csv.toString();
    }

    private static boolean given(String s) {
        return s != null && !s.isBlank();
    }

    private static void instant(List<String> problems, String name, String value) {
        if (given(value)) {
            try {
                Instant.parse(value.strip());
            } catch (DateTimeParseException e) {
                problems.add(name + " must be an ISO instant such as 2026-10-01T00:00:00Z");
            }
        }
    }

    private static void where(StringBuilder sql, List<Object> args, String clause, String value) {
        if (given(value)) {
            sql.append(" AND ").append(clause);
            args.add(value.strip());
        }
    }
}
