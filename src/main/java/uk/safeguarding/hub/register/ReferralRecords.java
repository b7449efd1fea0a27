package uk.safeguarding.hub.register;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.InboundMessage;

/**
 * Referrals that reached children's social care (table {@code referral_record}), by the child or pregnancy they
 * concern, so that the next one about the same child is marked as a duplicate.
 */
final class ReferralRecords {

    static final String CONCERNS = "referral_record.concerns";

    private final JdbcTemplate jdbc;
    private final People people;

    ReferralRecords(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    /** Referrals recorded before the vault: whom they concern hashed and sealed. Returns how many rows. */
    int upgrade() {
        List<Object[]> rows = jdbc.query(
                "SELECT DISTINCT concerns FROM referral_record WHERE concerns_sealed IS NULL", (rs, i) -> new Object[] {
                    people.key(rs.getString(1)), people.seal(rs.getString(1), CONCERNS), rs.getString(1)
                });
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE referral_record SET concerns = ?, concerns_sealed = ? WHERE concerns = ?"
                            + " AND concerns_sealed IS NULL",
                    rows);
        }
        return rows.size();
    }

    List<FamilyFacts.EarlierReferral> earlierThan(InboundMessage message) {
        if (message.concerns().isEmpty()) {
            return List.of();
        }
        // One placeholder per distinct key (the list may name a child twice).
        java.util.Set<String> keys = people.keys(message.concerns()).keySet();
        return jdbc.query(
                "SELECT hub_message_id, event, sender_agency, sender_role, csc_agency, referred_at"
                        + " FROM referral_record WHERE concerns IN ("
                        + Sql.placeholders(keys.size())
                        + ") AND hub_message_id <> ? ORDER BY referred_at, id",
                (rs, i) -> new FamilyFacts.EarlierReferral(
                        rs.getString("hub_message_id"),
                        rs.getString("event"),
                        rs.getString("sender_agency"),
                        AgencyRole.valueOf(rs.getString("sender_role")),
                        rs.getString("csc_agency"),
                        rs.getTimestamp("referred_at").toInstant()),
                Sql.args(keys, message.hubMessageId()));
    }

    /** A pre-birth referral is a referral of the baby: the next one about the baby is a second one. */
    void carryOver(String unbornKey, String babyNhs) {
        jdbc.update(
                "INSERT INTO referral_record (concerns, concerns_sealed, hub_message_id, event, sender_agency,"
                        + " sender_role, csc_agency, referred_at) SELECT ?, ?, hub_message_id, event, sender_agency,"
                        + " sender_role, csc_agency, referred_at FROM referral_record WHERE concerns = ?",
                people.key(babyNhs),
                people.seal(babyNhs, CONCERNS),
                people.key(unbornKey));
    }

    void record(InboundMessage message, AgencyRole senderRole, String cscAgency) {
        for (String concern : message.concerns()) {
            jdbc.update(
                    "INSERT INTO referral_record (concerns, concerns_sealed, hub_message_id, event, sender_agency,"
                            + " sender_role, csc_agency, referred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    people.key(concern),
                    people.seal(concern, CONCERNS),
                    message.hubMessageId(),
                    message.event().code(),
                    message.senderAgency(),
                    senderRole.name(),
                    cscAgency,
                    Sql.timestamp(message.receivedAt()));
        }
    }

    /** What a referral was about (NHS numbers, or an unborn child's key), in the order recorded. */
    List<String> concernsOf(String hubId) {
        return jdbc.query(
                "SELECT concerns_sealed FROM referral_record WHERE hub_message_id = ? ORDER BY id",
                (rs, i) -> people.open(rs.getString(1), CONCERNS),
                hubId);
    }
}
