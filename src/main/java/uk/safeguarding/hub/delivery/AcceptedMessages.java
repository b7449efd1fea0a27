package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The accepted messages as kept for dry runs: each one's content and the registers' facts it was decided on
 * (kept for {@code hub.policy.keep-messages-for}), and the decision made for each candidate.
 */
@Component
public class AcceptedMessages {

    /** One kept message; {@code decided} is "SHARE CONSENT", "WITHHOLD" and so on, by agency. */
    public record Kept(
            String hubMessageId,
            String senderAgency,
            Instant receivedAt,
            byte[] body,
            String facts,
            Map<String, String> decided,
            Integer ruleVersion) {}

    /** A message the hub holds, as a list of them shows it: no content, only whether it is still kept. */
    public record Listed(String hubMessageId, String event, String senderAgency, Instant receivedAt, boolean kept) {}

    private final JdbcTemplate jdbc;
    private final uk.safeguarding.hub.vault.Vault vault;

    public AcceptedMessages(JdbcTemplate jdbc, uk.safeguarding.hub.vault.Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    private static final String KEPT = "SELECT hub_message_id, sender_agency, received_at, body, facts, rule_version"
            + " FROM inbound_message WHERE body IS NOT NULL AND ";

    /** Every message received since then whose content is still kept, oldest first; returns how many. */
    public int forEachKeptSince(Instant since, Consumer<Kept> each) {
        int[] count = {0};
        jdbc.query(
                KEPT + "received_at >= ? ORDER BY received_at",
                rs -> {
                    count[0]++;
                    each.accept(kept(rs));
                },
                Timestamp.from(since));
        return count[0];
    }

    /** Whether the message's content is still kept (past hub.policy.keep-messages-for it is not), reading none of it. */
    public boolean kept(String hubMessageId) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbound_message WHERE hub_message_id = ? AND body IS NOT NULL",
                Integer.class,
                hubMessageId);
        return n != null && n > 0;
    }

    /** One message whose content is still kept, with its decisions. */
    public java.util.Optional<Kept> find(String hubMessageId) {
        return jdbc.query(KEPT + "hub_message_id = ?", (rs, i) -> kept(rs), hubMessageId).stream()
                .findFirst();
    }

    /** The current row as a kept message, with its decisions ("SHARE CONSENT", "WITHHOLD"...) by agency. */
    private Kept kept(java.sql.ResultSet rs) throws java.sql.SQLException {
        String hubId = rs.getString("hub_message_id");
        Map<String, String> decided = new HashMap<>();
        jdbc.query(
                "SELECT agency, outcome, basis FROM decision WHERE hub_message_id = ?",
                d -> {
                    String basis = d.getString("basis");
                    decided.put(
                            d.getString("agency"),
                            basis == null ? d.getString("outcome") : d.getString("outcome") + " " + basis);
                },
                hubId);
        return new Kept(
                hubId,
                rs.getString("sender_agency"),
                instant(rs.getObject("received_at")),
                vault.open(uk.safeguarding.hub.vault.Purpose.CONTENT, rs.getBytes("body"), MessageAcceptance.BODY),
                vault.openText(
                        uk.safeguarding.hub.vault.Purpose.CONTENT, rs.getString("facts"), MessageAcceptance.FACTS),
                Map.copyOf(decided),
                (Integer) rs.getObject("rule_version", Integer.class));
    }

    /** The messages about a service user received in a period (whether or not their content is still kept). */
    public java.util.List<Listed> about(String nhs, Instant from, Instant to) {
        return jdbc.query(
                "SELECT hub_message_id, event, sender_agency, received_at, body IS NOT NULL AS kept FROM inbound_message"
                        + " WHERE subject_nhs = ? AND received_at >= ? AND received_at < ? ORDER BY received_at",
                (rs, i) -> new Listed(
                        rs.getString("hub_message_id"),
                        rs.getString("event"),
                        rs.getString("sender_agency"),
                        instant(rs.getObject("received_at")),
                        rs.getBoolean("kept")),
                vault.index(nhs),
                Timestamp.from(from),
                Timestamp.from(to));
    }

    /** The hub's id of a message by its sender and the sender's own id. */
    public java.util.Optional<String> hubIdOf(String senderAgency, String senderMessageId) {
        return jdbc
                .queryForList(
                        "SELECT hub_message_id FROM inbound_message WHERE sender_agency = ? AND sender_message_id = ?",
                        String.class,
                        senderAgency,
                        senderMessageId)
                .stream()
                .findFirst();
    }

    /**
     * Messages received before then lose their content and facts, but for those about a person in {@code held} or
     * naming one of them as a child (a legal hold keeps a family's content for a review); returns how many.
     */
    public int forgetContentBefore(Instant before, java.util.Set<String> held) {
        List<Object> args = new ArrayList<>();
        args.add(Timestamp.from(before));
        String notHeld = "";
        if (!held.isEmpty()) {
            String marks = String.join(",", java.util.Collections.nCopies(held.size(), "?"));
            notHeld = " AND (subject_nhs IS NULL OR subject_nhs NOT IN (" + marks + "))"
                    + " AND hub_message_id NOT IN (SELECT hub_message_id FROM message_child WHERE child_nhs IN ("
                    + marks + "))";
            held.forEach(p -> args.add(vault.index(p)));
            held.forEach(p -> args.add(vault.index(p)));
        }
        return jdbc.update(
                "UPDATE inbound_message SET body = NULL, facts = NULL WHERE received_at < ? AND body IS NOT NULL"
                        + notHeld,
                args.toArray());
    }

    /** H2 reads a TIMESTAMP WITH TIME ZONE as an OffsetDateTime, PostgreSQL as a Timestamp. */
    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}
