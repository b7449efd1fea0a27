package uk.safeguarding.hub.report;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.PolicyEngine;

/**
 * The monitoring figures of 003 §10 for one quarter (Europe/London calendar quarters), counted from the audit
 * trail's entries alone: what was received, each decision, recalls and alerts. Referrals to children's social
 * care are counted by source role and level: a referral's own level; a pregnancy or neonatal notice that was a
 * mandatory referral (SIGNIFICANT_HARM) counts as level 2, or 3 when urgent; one shared with consent as level 1.
 */
@Component
public class QuarterlyReport {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public QuarterlyReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The figures. Maps are sorted by key so that reports compare line by line. */
    public record Figures(
            String quarter,
            String from,
            String to,
            Map<String, Long> messagesReceivedByEvent,
            long messagesRefused,
            long decisions,
            long shares,
            Map<String, Long> sharesByBasis,
            Map<String, Long> withheldByReason,
            Map<String, Long> referralsToChildrensSocialCareBySourceRoleAndLevel,
            long duplicateReferrals,
            long pregnantServiceUsersReferred,
            long screeningResultsShared,
            long dropoutsNotified,
            long statutorySharesServiceUserNotTold,
            long recalled,
            long urgentUnacknowledgedAlerts) {}

    public static boolean isQuarter(String quarter) {
        return quarter != null && QUARTER.matcher(quarter).matches();
    }

    public Figures figures(String quarter) {
        Matcher m = QUARTER.matcher(quarter);
        if (!m.matches()) {
            throw new IllegalArgumentException("quarter must look like 2026-Q4");
        }
        LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
        LocalDate end = start.plusMonths(3);
        // recorded_at is an ISO instant (UTC); comparing with whole-second prefixes keeps the boundaries exact.
        String from = start.atStartOfDay(LONDON).withZoneSameInstant(ZoneOffset.UTC).format(STAMP);
        String to = end.atStartOfDay(LONDON).withZoneSameInstant(ZoneOffset.UTC).format(STAMP);

        Map<String, Long> received = new TreeMap<>();
        Map<String, Long> byBasis = new TreeMap<>();
        Map<String, Long> withheld = new TreeMap<>();
        Map<String, Long> referrals = new TreeMap<>();
        Set<String> pregnantReferred = new HashSet<>();
        Set<String> dropoutMessages = new HashSet<>();
        long[] n = new long[8]; // refused, decisions, shares, duplicates, screening, notTold, recalled, alerts
        jdbc.query("SELECT entry_type, hub_message_id, subject_nhs, event, detail FROM audit_entry"
                + " WHERE recorded_at >= ? AND recorded_at < ? ORDER BY seq", rs -> {
                    String type = rs.getString("entry_type");
                    String event = rs.getString("event");
                    switch (type) {
                        case "RECEIVED" -> received.merge(event, 1L, Long::sum);
                        case "REFUSED" -> n[0]++;
                        case "RECALLED" -> n[6]++;
                        case "URGENT_UNACKNOWLEDGED" -> n[7]++;
                        case "DECIDED" -> {
                            n[1]++;
                            JsonNode d = json.readTree(rs.getString("detail"));
                            if (!"SHARE".equals(text(d, "decision"))) {
                                withheld.merge(text(d, "withheldBecause", "UNRECORDED"), 1L, Long::sum);
                                return;
                            }
                            n[2]++;
                            Basis basis = Basis.valueOf(text(d, "basis"));
                            byBasis.merge(basis.name(), 1L, Long::sum);
                            if (basis.statutory() && "false".equals(text(d, "informSubject"))) {
                                n[5]++;
                            }
                            Event e = Event.fromCode(event).orElseThrow();
                            if (e == Event.SCREENING_RESULT) {
                                n[4]++;
                            }
                            if (e == Event.TREATMENT_DROPOUT) {
                                dropoutMessages.add(rs.getString("hub_message_id"));
                            }
                            boolean toSocialCare = AgencyRole.CHILDRENS_SOCIAL_CARE.name().equals(text(d, "role"));
                            boolean referral = e == Event.REFERRAL || PolicyEngine.isReferral(e, basis)
                                    || ((e == Event.PREGNANCY_SUBSTANCE_USE || e == Event.NEONATAL_WITHDRAWAL)
                                            && basis == Basis.CONSENT);
                            if (toSocialCare && referral) {
                                String level = e == Event.REFERRAL ? text(d, "referralLevel")
                                        : basis == Basis.CONSENT ? "1" : d.path("urgent").asBoolean() ? "3" : "2";
                                referrals.merge(text(d, "senderRole") + " level " + level, 1L, Long::sum);
                                if (d.hasNonNull("duplicateOf")) {
                                    n[3]++;
                                }
                                if (e == Event.PREGNANCY_SUBSTANCE_USE) {
                                    pregnantReferred.add(rs.getString("subject_nhs"));
                                }
                            }
                        }
                        default -> { }
                    }
                }, from, to);
        return new Figures(quarter, from + "Z", to + "Z", received, n[0], n[1], n[2], byBasis, withheld, referrals, n[3],
                pregnantReferred.size(), n[4], dropoutMessages.size(), n[5], n[6], n[7]);
    }

    /** The same figures as CSV: figure,key,count. */
    public static String csv(Figures f) {
        StringBuilder out = new StringBuilder("figure,key,count\n");
        line(out, "quarter", f.quarter(), null);
        f.messagesReceivedByEvent().forEach((k, v) -> line(out, "messagesReceived", k, v));
        line(out, "messagesRefused", "", f.messagesRefused());
        line(out, "decisions", "", f.decisions());
        line(out, "shares", "", f.shares());
        f.sharesByBasis().forEach((k, v) -> line(out, "sharesByBasis", k, v));
        f.withheldByReason().forEach((k, v) -> line(out, "withheldByReason", k, v));
        f.referralsToChildrensSocialCareBySourceRoleAndLevel().forEach((k, v) -> line(out, "referralsToChildrensSocialCare", k, v));
        line(out, "duplicateReferrals", "", f.duplicateReferrals());
        line(out, "pregnantServiceUsersReferred", "", f.pregnantServiceUsersReferred());
        line(out, "screeningResultsShared", "", f.screeningResultsShared());
        line(out, "dropoutsNotified", "", f.dropoutsNotified());
        line(out, "statutorySharesServiceUserNotTold", "", f.statutorySharesServiceUserNotTold());
        line(out, "recalled", "", f.recalled());
        line(out, "urgentUnacknowledgedAlerts", "", f.urgentUnacknowledgedAlerts());
        return out.toString();
    }

    private static void line(StringBuilder out, String figure, String key, Long count) {
        out.append(figure).append(',').append(key).append(',').append(count == null ? "" : count).append('\n');
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, null);
    }

    private static String text(JsonNode node, String field, String otherwise) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? otherwise : v.asString();
    }
}
