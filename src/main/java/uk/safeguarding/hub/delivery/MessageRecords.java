package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Delivery's records of a message, for a trace and for operations: the message as received (never its content),
 * each candidate's decision, each share's way, found by an indexed key; and a dead-lettered share discarded for
 * good. Rows as the columns name them.
 */
@Component
public class MessageRecords {

    private static final String SELECT =
            "SELECT hub_message_id, event, sender_agency, received_at FROM inbound_message WHERE ";

    private final JdbcTemplate jdbc;

    private final uk.safeguarding.hub.vault.Vault vault;

    public MessageRecords(JdbcTemplate jdbc, uk.safeguarding.hub.vault.Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /**
     * Messages matching one indexed key (the hub id; the sender and its message id; the NHS number; a time range,
     * with a sender or an event), newest first, at most {@code most}; none without a key.
     */
    public List<Map<String, Object>> find(
            String hubId,
            String senderAgency,
            String senderMessageId,
            String nhs,
            Instant from,
            Instant to,
            String event,
            int most) {
        String newest = " ORDER BY received_at DESC FETCH FIRST " + most + " ROWS ONLY";
        if (hubId != null) {
            return jdbc.queryForList(SELECT + "hub_message_id = ?", hubId);
        } else if (senderAgency != null && senderMessageId != null) {
            return jdbc.queryForList(
                    SELECT + "sender_agency = ? AND sender_message_id = ?", senderAgency, senderMessageId);
        } else if (nhs != null) {
            return jdbc.queryForList(SELECT + "subject_nhs = ?" + newest, vault.index(nhs));
        } else if (from != null && to != null && senderAgency != null) {
            return event != null
                    ? jdbc.queryForList(
                            SELECT + "sender_agency = ? AND received_at >= ? AND received_at < ? AND event = ?"
                                    + newest,
                            senderAgency,
                            Timestamp.from(from),
                            Timestamp.from(to),
                            event)
                    : jdbc.queryForList(
                            SELECT + "sender_agency = ? AND received_at >= ? AND received_at < ?" + newest,
                            senderAgency,
                            Timestamp.from(from),
                            Timestamp.from(to));
        } else if (from != null && to != null) {
            return event != null
                    ? jdbc.queryForList(
                            SELECT + "event = ? AND received_at >= ? AND received_at < ?" + newest,
                            event,
                            Timestamp.from(from),
                            Timestamp.from(to))
                    : jdbc.queryForList(
                            SELECT + "received_at >= ? AND received_at < ?" + newest,
                            Timestamp.from(from),
                            Timestamp.from(to));
        }
        return List.of();
    }

    public Optional<Map<String, Object>> message(String hubId) {
        return jdbc
                .queryForList(
                        "SELECT hub_message_id, sender_agency, sender_message_id, event, received_at, rule_version"
                                + " FROM inbound_message WHERE hub_message_id = ?",
                        hubId)
                .stream()
                .findFirst();
    }

    /** Each candidate's decision, by agency. */
    public List<Map<String, Object>> decisions(String hubId) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT agency, role, outcome, basis, rule_id, rule_version, withheld_because, inform_subject, urgent,"
                        + " profile, reasons FROM decision WHERE hub_message_id = ? ORDER BY agency",
                hubId);
        rows.forEach(row -> row.put(
                "reasons",
                vault.openText(
                        uk.safeguarding.hub.vault.Purpose.CONTENT,
                        (String) row.get("reasons"),
                        MessageAcceptance.REASONS)));
        return rows;
    }

    /** Each share's way, in the order they were made. */
    public List<Map<String, Object>> shares(String hubId) {
        return jdbc.queryForList(
                "SELECT delivery_id, recipient_agency, sender_agency, event, basis, status, urgent, received_at,"
                        + " queued_at, fetched_at, acked_at, alerted_at FROM delivery WHERE hub_message_id = ?"
                        + " ORDER BY received_at, recipient_agency",
                hubId);
    }

    /** A dead-lettered share taken off its queue for good: discarded, and its sealed copy gone. */
    public boolean discardQueued(String deliveryId) {
        if (jdbc.update(
                        "UPDATE delivery SET status = ? WHERE delivery_id = ? AND status = ?",
                        DeliveryStatus.DISCARDED.name(),
                        deliveryId,
                        DeliveryStatus.QUEUED.name())
                != 1) {
            return false;
        }
        SealedCopies.remove(jdbc, deliveryId);
        return true;
    }

    /** Who sent each of these messages, and the state of each share of theirs that the sender made. */
    public record Sent(String sender, Map<String, String> statusByRecipient) {}

    /**
     * Messages accepted before the vault: the subject's NHS number becomes its keyed hash with a sealed copy, and
     * each named child's its hash. Returns how many rows were rewritten.
     */
    public int upgrade() {
        List<Object[]> subjects = jdbc.query(
                "SELECT hub_message_id, subject_nhs FROM inbound_message WHERE subject_nhs IS NOT NULL"
                        + " AND subject_sealed IS NULL",
                (rs, i) -> new Object[] {
                    vault.index(rs.getString(2)),
                    vault.sealText(
                            uk.safeguarding.hub.vault.Purpose.CONTENT, rs.getString(2), MessageAcceptance.SUBJECT),
                    rs.getString(1)
                });
        if (!subjects.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE inbound_message SET subject_nhs = ?, subject_sealed = ? WHERE hub_message_id = ?",
                    subjects);
        }
        List<Object[]> children =
                jdbc.query("SELECT DISTINCT child_nhs FROM message_child WHERE LENGTH(child_nhs) <> 43", (rs, i) ->
                        new Object[] {vault.index(rs.getString(1)), rs.getString(1)});
        if (!children.isEmpty()) {
            jdbc.batchUpdate("UPDATE message_child SET child_nhs = ? WHERE child_nhs = ?", children);
        }
        return subjects.size() + children.size();
    }

    /** The messages that named this child (as a linked child of the adult they were about). */
    public java.util.Set<String> namingChild(String childNhs) {
        return new java.util.LinkedHashSet<>(jdbc.queryForList(
                "SELECT hub_message_id FROM message_child WHERE child_nhs = ?", String.class, vault.index(childNhs)));
    }

    public Map<String, Sent> sent(java.util.Collection<String> hubIds) {
        Map<String, Sent> out = new java.util.HashMap<>();
        if (hubIds.isEmpty()) {
            return out;
        }
        String in = String.join(",", java.util.Collections.nCopies(hubIds.size(), "?"));
        jdbc.query(
                "SELECT hub_message_id, sender_agency FROM inbound_message WHERE hub_message_id IN (" + in + ")",
                rs -> {
                    out.put(rs.getString(1), new Sent(rs.getString(2), new java.util.HashMap<>()));
                },
                hubIds.toArray());
        jdbc.query(
                "SELECT hub_message_id, recipient_agency, sender_agency, status FROM delivery WHERE hub_message_id IN ("
                        + in + ")",
                rs -> {
                    Sent s = out.get(rs.getString(1));
                    if (s != null && s.sender().equals(rs.getString(3))) {
                        s.statusByRecipient().put(rs.getString(2), rs.getString(4));
                    }
                },
                hubIds.toArray());
        return out;
    }
}
