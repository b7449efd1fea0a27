package uk.safeguarding.hub.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.register.Registers;

/**
 * docs/decisions.md "Follow-up" (Middlesbrough reviews: "don't assume", "follow up"): a referral that reached children's social care and has no
 * referral-outcome within the configured working days (3; 1 for level 3) is overdue: the referrer gets a
 * {@code referral-overdue} notice, the audit records it, a metric counts it and operations see it on the list. A
 * statutory share whose {@code inform-subject-increases-risk} came without its reason is on the same list, and its
 * sender gets a {@code reason-missing} notice. Several instances may look at once: the row's key lets one win.
 */
@Component
public class FollowUp {

    private static final Logger log = LoggerFactory.getLogger(FollowUp.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Notices notices;
    private final Clock clock;
    private final FollowUpProperties properties;
    private final WorkingDays workingDays;
    private final Counter overdue;
    private final Registers registers;

    public FollowUp(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Notices notices,
            Clock clock,
            FollowUpProperties properties,
            MeterRegistry meters,
            Registers registers) {
        this.registers = registers;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.notices = notices;
        this.clock = clock;
        this.properties = properties;
        this.workingDays = WorkingDays.fromFile(Path.of(properties.bankHolidays()));
        this.overdue = Counter.builder("hub.referrals.overdue")
                .description("referrals to children's social care that passed their time for an outcome")
                .register(meters);
        Gauge.builder("hub.follow.up.open", this, FollowUp::openCount)
                .description("overdue referrals still without an outcome, and shares whose reason is missing")
                .register(meters);
    }

    /** Called by the watch-follow-up route's timer; the route relays the notices it returns. */
    public List<String> check() {
        return check(Instant.now(clock));
    }

    /** Raises what is overdue at {@code now} and sends the notices not yet sent; returns their delivery ids. */
    public List<String> check(Instant now) {
        for (Registers.OpenReferral r : registers.unansweredReferrals(List.of(
                Event.REFERRAL.code(), Event.PREGNANCY_SUBSTANCE_USE.code(), Event.NEONATAL_WITHDRAWAL.code()))) {
            int days = r.level() != null && r.level() == 3
                    ? properties.urgentReferralOutcomeWithin()
                    : properties.referralOutcomeWithin();
            Instant due = workingDays.plus(r.referredAt(), days);
            if (!now.isAfter(due)) {
                continue;
            }
            raiseOverdue(r, due, now);
        }
        return sendNotices();
    }

    private boolean raiseOverdue(Registers.OpenReferral r, Instant due, Instant now) {
        String hubId = r.hubMessageId();
        String referrer = r.referrer();
        Instant referredAt = r.referredAt();
        Boolean mine = tx.execute(status -> {
            if (!registers.markOverdue(hubId, now)) {
                return false;
            }
            try {
                owe(jdbc, Notices.Kind.REFERRAL_OVERDUE, hubId, referrer, now);
            } catch (DuplicateKeyException another) {
                return false;
            }
            audit.append(new AuditTrail.Entry(
                    AuditType.REFERRAL_OVERDUE,
                    hubId,
                    referrer,
                    r.subjectNhs(),
                    r.event(),
                    Map.of(
                            "referredTo", String.valueOf(r.referredTo()),
                            "referredAt", referredAt.toString(),
                            "due", due.toString())));
            return true;
        });
        if (Boolean.TRUE.equals(mine)) {
            overdue.increment();
            log.warn(
                    "REFERRAL-OVERDUE referral {} from {} to {} has had no outcome since {} (due {})",
                    hubId,
                    referrer,
                    r.referredTo(),
                    referredAt,
                    due);
            return true;
        }
        return false;
    }

    /**
     * A notice owed to an agency, in the caller's transaction: an overdue referral or a missing reason (both on the
     * follow-up list, keyed by the message's hub id), or a recall notice (keyed by the fetched share's delivery id,
     * not on the list). The follow-up seals and sends it.
     */
    static void owe(JdbcTemplate jdbc, Notices.Kind kind, String about, String agency, Instant at) {
        jdbc.update(
                "INSERT INTO follow_up (hub_message_id, kind, agency, raised_at) VALUES (?, ?, ?, ?)",
                about,
                kind.name(),
                agency,
                Timestamp.from(at));
    }

    private List<String> sendNotices() {
        List<String> sent = new java.util.ArrayList<>();
        for (Map<String, Object> f :
                jdbc.queryForList("SELECT f.hub_message_id, f.kind, f.agency, f.raised_at FROM follow_up f"
                        + " WHERE f.notice_delivery_id IS NULL ORDER BY f.raised_at FETCH FIRST 100 ROWS ONLY")) {
            String hubId = (String) f.get("HUB_MESSAGE_ID");
            String kind = (String) f.get("KIND");
            String agency = (String) f.get("AGENCY");
            tx.executeWithoutResult(status -> {
                String deliveryId = switch (Notices.Kind.valueOf(kind)) {
                    case REFERRAL_OVERDUE -> {
                        String child = referredChild(hubId);
                        yield notices.send(
                                Notices.Kind.REFERRAL_OVERDUE,
                                agency,
                                hubId,
                                hubId,
                                child,
                                "Your referral " + hubId + (child == null ? "" : " about child " + child)
                                        + ", sent on " + sentOn(hubId) + ", has had no outcome from children's social"
                                        + " care in the time allowed. Please follow it up with them (do not assume it"
                                        + " has been acted on).");
                    }
                    case RECALL_NOTICE -> {
                        Map<String, Object> share = jdbc.queryForMap(
                                "SELECT hub_message_id, event FROM delivery WHERE delivery_id = ?", hubId);
                        String messageId = (String) share.get("HUB_MESSAGE_ID");
                        yield notices.send(
                                Notices.Kind.RECALL_NOTICE,
                                agency,
                                messageId,
                                hubId,
                                null,
                                "The service user has withdrawn the consent on which share " + hubId + " ("
                                        + share.get("EVENT") + " of " + sentOn(messageId) + ") was sent to you."
                                        + " You had already fetched it: please no longer use it, and remove it"
                                        + " from your records where you can.");
                    }
                    case REASON_MISSING ->
                        notices.send(
                                Notices.Kind.REASON_MISSING,
                                agency,
                                hubId,
                                hubId,
                                null,
                                "Your message " + hubId + " of " + sentOn(hubId) + " asked that the service user"
                                        + " not be told of a statutory share (inform-subject-increases-risk) but gave"
                                        + " no reason. It was shared and the service user was not told; please record"
                                        + " the reason.");
                };
                jdbc.update(
                        "UPDATE follow_up SET notice_delivery_id = ? WHERE hub_message_id = ? AND kind = ?"
                                + " AND notice_delivery_id IS NULL",
                        deliveryId,
                        hubId,
                        kind);
                sent.add(deliveryId);
            });
        }
        return sent;
    }

    private String referredChild(String hubId) {
        return registers.concernsOf(hubId).stream()
                .filter(c -> !c.startsWith("unborn:"))
                .findFirst()
                .orElse(null);
    }

    private String sentOn(String hubId) {
        List<Object> at = jdbc.queryForList(
                "SELECT received_at FROM inbound_message WHERE hub_message_id = ?", Object.class, hubId);
        return at.isEmpty()
                ? "an earlier date"
                : LocalDate.ofInstant(instant(at.get(0)), LONDON).toString();
    }

    /** What operations and IG officers see: no content, no names; the hub ids, agencies and dates. */
    public List<Map<String, Object>> open() {
        List<Map<String, Object>> raised = jdbc.queryForList(
                "SELECT kind, hub_message_id, agency, raised_at, notice_delivery_id FROM follow_up WHERE kind <> ?"
                        + " ORDER BY raised_at",
                Notices.Kind.RECALL_NOTICE.name());
        Map<String, Registers.OpenReferral> referrals = registers.referrals(raised.stream()
                .map(f -> (String) f.get("HUB_MESSAGE_ID"))
                .collect(java.util.stream.Collectors.toSet()));
        List<Map<String, Object>> open = new java.util.ArrayList<>();
        for (Map<String, Object> f : raised) {
            Registers.OpenReferral r = referrals.get((String) f.get("HUB_MESSAGE_ID"));
            if (r != null && r.answeredAt() != null) {
                continue; // an outcome came: off the list
            }
            Map<String, Object> row = new org.springframework.util.LinkedCaseInsensitiveMap<>();
            row.putAll(f);
            row.put("REFERRED_TO", r == null ? null : r.referredTo());
            row.put("REFERRED_AT", r == null ? null : r.referredAt());
            row.put("REFERRAL_LEVEL", r == null ? null : r.level());
            open.add(row);
        }
        return open;
    }

    private int openCount() {
        return open().size();
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }
}
