package uk.safeguarding.hub.policy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FactsCodec;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * Decides the messages of the last N days again under proposed rules, on the registers as they stood when each
 * message came (the facts kept with it), and lists every decision that would change. Stores and sends nothing.
 */
@Component
public class DryRun {

    static final int MAX_LISTED = 500;

    public record Change(String hubMessageId, String event, Instant receivedAt, String agency, String before,
            String after, String ruleIdAfter, List<String> reasonsAfter) {}

    public record Report(int proposedVersion, int runningVersion, int days, int messages, int decisions, int changed,
            List<Change> changes) {}

    private final JdbcTemplate jdbc;
    private final FhirMessageReader reader;
    private final PolicyEngine engine;
    private final AgencyRegister agencies;
    private final Clock clock;
    private final Duration keep;
    private final SharingDecisions sharingDecisions;

    public DryRun(JdbcTemplate jdbc, FhirMessageReader reader, PolicyEngine engine, AgencyRegister agencies,
            Clock clock, PolicyProperties properties, SharingDecisions sharingDecisions) {
        this.sharingDecisions = sharingDecisions;
        this.keep = properties.keepMessagesFor();
        this.jdbc = jdbc;
        this.reader = reader;
        this.engine = engine;
        this.agencies = agencies;
        this.clock = clock;
    }

    public Report run(RuleSet proposed, int days) {
        Instant since = Instant.now(clock).minus(Duration.ofDays(days));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT hub_message_id, sender_agency, received_at, body, facts"
                + " FROM inbound_message WHERE received_at >= ? AND body IS NOT NULL ORDER BY received_at",
                Timestamp.from(since));
        int decisions = 0;
        int changed = 0;
        List<Change> changes = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String hubId = (String) row.get("HUB_MESSAGE_ID");
            Instant receivedAt = instant(row.get("RECEIVED_AT"));
            InboundMessage message = reader.reread((byte[]) row.get("BODY"), hubId, receivedAt);
            FamilyFacts facts = FactsCodec.read((String) row.get("FACTS"));
            Map<String, String> before = new HashMap<>();
            jdbc.query("SELECT agency, outcome, basis FROM decision WHERE hub_message_id = ?", rs -> {
                before.put(rs.getString("agency"), describe(rs.getString("outcome"), rs.getString("basis")));
            }, hubId);
            List<Decision> after;
            String refusal = null;
            try {
                after = sharingDecisions.decide(proposed, message, facts).decisions();
            } catch (MessageRefused refused) {
                refusal = "REFUSED: " + refused.getMessage();
                after = List.of();
            }
            Map<String, Decision> afterByAgency = new HashMap<>();
            after.forEach(d -> afterByAgency.put(d.agency(), d));
            java.util.Set<String> all = new java.util.TreeSet<>(before.keySet());
            all.addAll(afterByAgency.keySet());
            for (String agency : all) {
                decisions++;
                Decision d = afterByAgency.get(agency);
                String now = refusal != null ? refusal
                        : d == null ? "no decision" : describe(d.decision().name(), d.basis() == null ? null : d.basis().name());
                String then = before.getOrDefault(agency, "no decision");
                if (!now.equals(then)) {
                    changed++;
                    if (changes.size() < MAX_LISTED) {
                        changes.add(new Change(hubId, message.event().code(), receivedAt, agency, then, now,
                                d == null ? null : d.ruleId(), d == null ? List.of() : d.reasons()));
                    }
                }
            }
        }
        return new Report(proposed.version(), engine.rules().version(), days, rows.size(), decisions, changed,
                List.copyOf(changes));
    }

    /** Messages older than the retention lose their content and facts; returns how many. The timer calls it. */
    public int forgetOldMessages() {
        return jdbc.update("UPDATE inbound_message SET body = NULL, facts = NULL WHERE received_at < ? AND body IS NOT NULL",
                Timestamp.from(Instant.now(clock).minus(keep)));
    }

    /** The longest dry run that has every message to work on. */
    public long daysKept() {
        return keep.toDays();
    }

    private static String describe(String outcome, String basis) {
        return basis == null ? outcome : outcome + " " + basis;
    }

    /** H2 reads a TIMESTAMP WITH TIME ZONE as an OffsetDateTime, PostgreSQL as a Timestamp. */
    private static java.time.Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }
}
