package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * The safeguarding register (table {@code safeguarding_flag}): open Section 47 enquiries and child protection
 * plans, by child, as children's social care last reported them.
 */
final class SafeguardingFlags {

    /** The children with an open enquiry, and those with a plan. */
    record Open(Set<String> section47, Set<String> plans) {

        Open() {
            this(new HashSet<>(), new HashSet<>());
        }

        /** The flags of unborn children now born, on the babies. */
        Open bornAs(java.util.Map<String, String> births) {
            births.forEach((unborn, baby) -> {
                if (section47.remove(unborn)) {
                    section47.add(baby);
                }
                if (plans.remove(unborn)) {
                    plans.add(baby);
                }
            });
            return this;
        }

        /** The message's own news laid over what is known. */
        Open with(Collection<SafeguardingFlagUpdate> updates) {
            for (SafeguardingFlagUpdate f : updates) {
                Set<String> target = SafeguardingFlagUpdate.S47_ENQUIRY.equals(f.flagType()) ? section47 : plans;
                if (f.active()) {
                    target.add(f.childKey());
                } else {
                    target.remove(f.childKey());
                }
            }
            return this;
        }
    }

    private final JdbcTemplate jdbc;
    private final People people;

    SafeguardingFlags(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    Open openFor(Collection<String> childKeys) {
        Open open = new Open();
        if (childKeys.isEmpty()) {
            return open;
        }
        java.util.Map<String, String> keys = people.keys(childKeys);
        jdbc.query(
                "SELECT child_key, flag_type FROM safeguarding_flag WHERE active = TRUE AND child_key IN ("
                        + Sql.placeholders(keys.size()) + ")",
                rs -> {
                    (SafeguardingFlagUpdate.S47_ENQUIRY.equals(rs.getString("flag_type"))
                                    ? open.section47()
                                    : open.plans())
                            .add(keys.get(rs.getString("child_key")));
                },
                keys.keySet().toArray());
        return open;
    }

    /** An unborn child's flags become the baby's, unless the baby already has its own of that kind. */
    void carryOver(String unbornKey, String babyNhs) {
        jdbc.update(
                "UPDATE safeguarding_flag SET child_key = ? WHERE child_key = ? AND NOT EXISTS (SELECT 1 FROM"
                        + " safeguarding_flag b WHERE b.child_key = ? AND b.flag_type = safeguarding_flag.flag_type)",
                people.key(babyNhs),
                people.key(unbornKey),
                people.key(babyNhs));
    }

    void record(InboundMessage message, Timestamp now) {
        for (SafeguardingFlagUpdate f : message.flagUpdates()) {
            int updated = jdbc.update(
                    "UPDATE safeguarding_flag SET active = ?, period_start = ?, period_end = ?, updated_by = ?,"
                            + " hub_message_id = ?, updated_at = ? WHERE child_key = ? AND flag_type = ?",
                    f.active(),
                    Sql.date(f.start()),
                    Sql.date(f.end()),
                    message.senderAgency(),
                    message.hubMessageId(),
                    now,
                    people.key(f.childKey()),
                    f.flagType());
            if (updated == 0) {
                jdbc.update(
                        "INSERT INTO safeguarding_flag (child_key, flag_type, active, period_start, period_end,"
                                + " updated_by, hub_message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        people.key(f.childKey()),
                        f.flagType(),
                        f.active(),
                        Sql.date(f.start()),
                        Sql.date(f.end()),
                        message.senderAgency(),
                        message.hubMessageId(),
                        now);
            }
        }
    }

    /** Flags written before the vault: their child keys hashed. Returns how many. */
    int upgrade() {
        return Upgrades.rekey(jdbc, people, "safeguarding_flag", "child_key");
    }
}
