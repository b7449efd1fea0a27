package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.HouseholdLink;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;

/**
 * The family register: each adult's children and pregnancies, by child key (table {@code family_link}), and the
 * mothers whose pregnancy and children a father or partner shares (table {@code partner_link}).
 */
final class FamilyLinks {

    private final JdbcTemplate jdbc;

    FamilyLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The adult's known children, by key: their own, then those of every mother they are the partner of; a
     * pregnancy that ended in a birth is no longer one.
     */
    Map<String, LinkedChild> of(String adult) {
        Map<String, LinkedChild> children = own(adult);
        for (String partner : jdbc.queryForList(
                "SELECT partner_nhs FROM partner_link WHERE adult_nhs = ? ORDER BY partner_nhs", String.class, adult)) {
            own(partner).forEach(children::putIfAbsent);
        }
        return children;
    }

    /**
     * The other adults linked to one of this person's children or pregnancies, the person's partners both ways, and
     * for a child, the adults it is a child of.
     */
    java.util.Set<String> adultsSharingAChildWith(String adult) {
        java.util.Set<String> adults = new java.util.HashSet<>();
        java.util.Set<String> children = of(adult).keySet();
        if (!children.isEmpty()) {
            adults.addAll(jdbc.queryForList(
                    "SELECT DISTINCT service_user_nhs FROM family_link WHERE child_key IN ("
                            + Sql.placeholders(children.size()) + ")",
                    String.class,
                    children.toArray()));
        }
        adults.addAll(jdbc.queryForList(
                "SELECT partner_nhs FROM partner_link WHERE adult_nhs = ?"
                        + " UNION SELECT adult_nhs FROM partner_link WHERE partner_nhs = ?"
                        + " UNION SELECT service_user_nhs FROM family_link WHERE child_key = ? AND born_as IS NULL",
                String.class,
                adult,
                adult,
                adult));
        adults.remove(adult);
        return adults;
    }

    private Map<String, LinkedChild> own(String serviceUser) {
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
        for (LinkedChild c : message.linkedChildren()) {
            link(message.serviceUserNhsNumber(), c, now);
        }
        for (HouseholdLink h : message.householdAdults()) {
            if (h.partnerOfServiceUser()) {
                partner(h.adultNhs(), message.serviceUserNhsNumber(), h.relationship(), now);
            } else {
                link(h.adultNhs(), h.child(), now);
            }
        }
    }

    private void partner(String adult, String mother, String relationship, Timestamp now) {
        int updated = jdbc.update(
                "UPDATE partner_link SET relationship = ?, updated_at = ? WHERE adult_nhs = ? AND partner_nhs = ?",
                relationship,
                now,
                adult,
                mother);
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO partner_link (adult_nhs, partner_nhs, relationship, updated_at) VALUES (?, ?, ?, ?)",
                    adult,
                    mother,
                    relationship,
                    now);
        }
    }

    private void link(String user, LinkedChild c, Timestamp now) {
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
