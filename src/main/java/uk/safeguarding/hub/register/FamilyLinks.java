package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;

/** The family register (table {@code family_link}): each service user's children and pregnancies, by child key. */
final class FamilyLinks {

    private final JdbcTemplate jdbc;

    FamilyLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The service user's known children, by key, in key order; a pregnancy that ended in a birth is no longer one. */
    Map<String, LinkedChild> of(String serviceUser) {
        Map<String, LinkedChild> children = new LinkedHashMap<>();
        jdbc.query(
                "SELECT child_key, child_nhs, birth_date, expected_delivery, relationship FROM family_link"
                        + " WHERE service_user_nhs = ? AND born_as IS NULL ORDER BY child_key",
                rs -> {
                    children.put(
                            rs.getString("child_key"),
                            new LinkedChild(
                                    rs.getString("child_nhs"),
                                    Sql.local(rs.getDate("birth_date")),
                                    Sql.local(rs.getDate("expected_delivery")),
                                    rs.getString("relationship"),
                                    rs.getString("child_key")));
                },
                serviceUser);
        return children;
    }

    /** The pregnancy ended in this baby's birth: it no longer counts as an unborn child. */
    void markBorn(String serviceUser, String unbornKey, String babyNhs, Timestamp now) {
        jdbc.update(
                "UPDATE family_link SET born_as = ?, updated_at = ? WHERE service_user_nhs = ? AND child_key = ?",
                babyNhs,
                now,
                serviceUser,
                unbornKey);
    }

    void record(InboundMessage message, Timestamp now) {
        String user = message.serviceUserNhsNumber();
        for (LinkedChild c : message.linkedChildren()) {
            int updated = jdbc.update(
                    "UPDATE family_link SET child_nhs = ?, birth_date = ?, expected_delivery = ?,"
                            + " relationship = ?, updated_at = ? WHERE service_user_nhs = ? AND child_key = ?",
                    c.nhsNumber(),
                    Sql.date(c.birthDate()),
                    Sql.date(c.expectedDelivery()),
                    c.relationship(),
                    now,
                    user,
                    c.key());
            if (updated == 0) {
                jdbc.update(
                        "INSERT INTO family_link (service_user_nhs, child_key, child_nhs, birth_date,"
                                + " expected_delivery, relationship, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        user,
                        c.key(),
                        c.nhsNumber(),
                        Sql.date(c.birthDate()),
                        Sql.date(c.expectedDelivery()),
                        c.relationship(),
                        now);
            }
        }
    }
}
