package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes delivery's own records past their time, for the retention job: shares done with (acknowledged, recalled
 * or discarded; never one on its way), then messages and their decisions once no share of theirs is left. Nothing
 * about a person under legal hold goes.
 */
@Component
public class RecordsPruning {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    private final uk.safeguarding.hub.vault.Vault vault;

    public RecordsPruning(JdbcTemplate jdbc, TransactionTemplate tx, uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Shares done with, received before {@code before}; returns how many went. */
    public int shares(Instant before, Set<String> heldPeople) {
        String notHeld = heldPeople.isEmpty()
                ? ""
                : " AND hub_message_id NOT IN (SELECT hub_message_id FROM inbound_message WHERE subject_nhs IN ("
                        + marks(heldPeople) + "))";
        return tx.execute(s -> jdbc.update(
                "DELETE FROM delivery WHERE status IN ('ACKED', 'RECALLED', 'DISCARDED') AND received_at < ?" + notHeld,
                args(Timestamp.from(before), heldPeople)));
    }

    /** Messages received before {@code before} with no share left, and their decisions; returns the messages. */
    public int decisions(Instant before, Set<String> heldPeople) {
        return tx.execute(s -> {
            String old = "SELECT hub_message_id FROM inbound_message WHERE received_at < ?"
                    + (heldPeople.isEmpty()
                            ? ""
                            : " AND (subject_nhs IS NULL OR subject_nhs NOT IN (" + marks(heldPeople) + "))")
                    + " AND hub_message_id NOT IN (SELECT hub_message_id FROM delivery)";
            Object[] a = args(Timestamp.from(before), heldPeople);
            jdbc.update("DELETE FROM decision WHERE hub_message_id IN (" + old + ")", a);
            return jdbc.update("DELETE FROM inbound_message WHERE hub_message_id IN (" + old + ")", a);
        });
    }

    /**
     * Which children older messages named, received before {@code before} (the audit's time: a child's disclosure
     * log reads the audit through them); a held child's stay. Returns how many went.
     */
    public int namedChildren(Instant before, Set<String> heldPeople) {
        return tx.execute(s -> jdbc.update(
                "DELETE FROM message_child WHERE received_at < ?"
                        + (heldPeople.isEmpty() ? "" : " AND child_nhs NOT IN (" + marks(heldPeople) + ")"),
                args(Timestamp.from(before), heldPeople)));
    }

    private static String marks(Set<String> people) {
        return String.join(",", Collections.nCopies(people.size(), "?"));
    }

    /** The people as the tables find them: by their keyed hash. */
    private Object[] args(Timestamp before, Set<String> people) {
        List<Object> all = new ArrayList<>();
        all.add(before);
        people.forEach(p -> all.add(vault.index(p)));
        return all.toArray();
    }
}
