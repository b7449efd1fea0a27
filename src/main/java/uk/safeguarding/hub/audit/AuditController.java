package uk.safeguarding.hub.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/audit} (IG_OFFICER): entries newest first, a page at a time ({@code limit}, 1 to 1,000, default
 * 100), filtered by subject NHS number, event, type and time ({@code from} inclusive, {@code to} exclusive, ISO
 * instants). {@code next} is the link to the following (older) page, absent on the last; {@code before} is its
 * cursor (the sequence number the next page starts below). Each entry's {@code detail} is its JSON object. A bad
 * filter is answered 400 with the reason. {@code GET /api/audit/verify} (IG_OFFICER or OPS): the chain check.
 */
@RestController
class AuditController {

    static final int MOST_PER_PAGE = 1000;

    record Row(
            long seq,
            String recordedAt,
            String type,
            String hubMessageId,
            String agency,
            String subject,
            String event,
            JsonNode detail) {}

    record Page(List<Row> entries, String next) {}

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
    ResponseEntity<?> entries(
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String event,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Long before,
            @RequestParam(defaultValue = "100") int limit) {
        List<String> problems = new ArrayList<>();
        if (limit < 1 || limit > MOST_PER_PAGE) {
            problems.add("limit must be 1 to " + MOST_PER_PAGE);
        }
        if (type != null
                && !type.isBlank()
                && Arrays.stream(AuditType.values()).noneMatch(t -> t.name().equals(type))) {
            problems.add("type must be one of " + Arrays.toString(AuditType.values()));
        }
        checkInstant(problems, "from", from);
        checkInstant(problems, "to", to);
        if (before != null && before < 1) {
            problems.add("before must be a positive sequence number");
        }
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(Map.of("problems", problems));
        }
        StringBuilder sql =
                new StringBuilder("SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs,"
                        + " event, detail FROM audit_entry WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(sql, args, "subject_nhs = ?", subject);
        where(sql, args, "event = ?", event);
        where(sql, args, "entry_type = ?", type);
        where(
                sql,
                args,
                "recorded_at >= ?",
                from == null || from.isBlank() ? null : Instant.parse(from).toString());
        where(
                sql,
                args,
                "recorded_at < ?",
                to == null || to.isBlank() ? null : Instant.parse(to).toString());
        if (before != null) {
            sql.append(" AND seq < ?");
            args.add(before);
        }
        // One more than the page: whether there is a next page, without counting.
        sql.append(" ORDER BY seq DESC FETCH FIRST ").append(limit + 1).append(" ROWS ONLY");
        List<Row> rows = jdbc.query(
                sql.toString(),
                (rs, i) -> new Row(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        AuditTrail.JSON.readTree(rs.getString(8))),
                args.toArray());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("subject", subject);
            query.put("event", event);
            query.put("type", type);
            query.put("from", from);
            query.put("to", to);
            UriComponentsBuilder link = UriComponentsBuilder.fromPath("/api/audit");
            query.forEach((k, v) -> {
                if (v != null && !v.toString().isBlank()) {
                    link.queryParam(k, v);
                }
            });
            next = link.queryParam("before", rows.get(rows.size() - 1).seq())
                    .queryParam("limit", limit)
                    .encode()
                    .build()
                    .toUriString();
        }
        return ResponseEntity.ok(new Page(List.copyOf(rows), next));
    }

    private static void checkInstant(List<String> problems, String name, String value) {
        if (value != null && !value.isBlank()) {
            try {
                Instant.parse(value);
            } catch (DateTimeParseException e) {
                problems.add(name + " must be an ISO instant such as 2026-10-01T00:00:00Z");
            }
        }
    }

    private static void where(StringBuilder sql, List<Object> args, String clause, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(clause);
            args.add(value);
        }
    }
}
