package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.message.HouseholdLink;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;

/**
 * The family register: each adult's children and pregnancies, by child key (table {@code family_link}), and the
 * mothers whose pregnancy and children a father or partner shares (table {@code partner_link}). Adults and children
 * are found by their keyed hashes; who they are (NHS numbers, birth and due dates) is sealed beside them.
 */
final class FamilyLinks {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String LINK = "family_link.sealed";
    static final String ADULT = "partner_link.adult";
    static final String PARTNER = "partner_link.partner";

    /** A family link as sealed: the adult, and the child as the register knows it. */
    record Link(String serviceUser, LinkedChild child) {}

    private final JdbcTemplate jdbc;
    private final People people;

    FamilyLinks(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    /**
     * The adult's known children, by key: their own, then those of every mother they are the partner of; a
     * pregnancy that ended in a birth is no longer one.
     */
    Map<String, LinkedChild> of(String adult) {
        Map<String, LinkedChild> children = own(adult);
        for (String partner : sorted(
                opened("SELECT partner_sealed FROM partner_link WHERE adult_nhs = ?", PARTNER, people.key(adult)))) {
            own(partner).forEach(children::putIfAbsent);
        }
        return children;
    }

    /**
     * The other adults linked to one of this person's children or pregnancies, the person's partners both ways, and
     * for a child, the adults it is a child of.
     */
    Set<String> adultsSharingAChildWith(String adult) {
        Set<String> adults = new HashSet<>();
        Set<String> children = of(adult).keySet();
        if (!children.isEmpty()) {
            links(
                            "SELECT sealed FROM family_link WHERE child_key IN (" + Sql.placeholders(children.size())
                                    + ")",
                            people.keys(children).keySet().toArray())
                    .forEach(l -> adults.add(l.serviceUser()));
        }
        String key = people.key(adult);
        adults.addAll(opened("SELECT partner_sealed FROM partner_link WHERE adult_nhs = ?", PARTNER, key));
        adults.addAll(opened("SELECT adult_sealed FROM partner_link WHERE partner_nhs = ?", ADULT, key));
        links("SELECT sealed FROM family_link WHERE child_key = ? AND born_as IS NULL", key)
                .forEach(l -> adults.add(l.serviceUser()));
        adults.remove(adult);
        return adults;
    }

    /** The service user's children not yet born as another, in the order of their keys. */
    private Map<String, LinkedChild> own(String serviceUser) {
        Map<String, LinkedChild> children = new LinkedHashMap<>();
        links("SELECT sealed FROM family_link WHERE service_user_nhs = ? AND born_as IS NULL", people.key(serviceUser))
                .stream()
                .map(Link::child)
                .sorted(Comparator.comparing(LinkedChild::key))
                .forEach(c -> children.put(c.key(), c));
        return children;
    }

    private List<Link> links(String sql, Object... args) {
        return jdbc.query(sql, (rs, i) -> JSON.readValue(people.open(rs.getString(1), LINK), Link.class), args);
    }

    private List<String> opened(String sql, String context, Object... args) {
        return jdbc.query(sql, (rs, i) -> people.open(rs.getString(1), context), args);
    }

    private static List<String> sorted(List<String> values) {
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted;
    }

    /** The pregnancy ended in this baby's birth: it no longer counts as an unborn child. */
    void markBorn(String serviceUser, String unbornKey, String babyNhs, Timestamp now) {
        jdbc.update(
                "UPDATE family_link SET born_as = ?, updated_at = ? WHERE service_user_nhs = ? AND child_key = ?",
                people.key(babyNhs),
                now,
                people.key(serviceUser),
                people.key(unbornKey));
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
                people.key(adult),
                people.key(mother));
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO partner_link (adult_nhs, partner_nhs, relationship, updated_at, adult_sealed,"
                            + " partner_sealed) VALUES (?, ?, ?, ?, ?, ?)",
                    people.key(adult),
                    people.key(mother),
                    relationship,
                    now,
                    people.seal(adult, ADULT),
                    people.seal(mother, PARTNER));
        }
    }

    private void link(String user, LinkedChild c, Timestamp now) {
        String sealed = people.seal(JSON.writeValueAsString(new Link(user, c)), LINK);
        int updated = jdbc.update(
                "UPDATE family_link SET sealed = ?, relationship = ?, updated_at = ? WHERE service_user_nhs = ?"
                        + " AND child_key = ?",
                sealed,
                c.relationship(),
                now,
                people.key(user),
                people.key(c.key()));
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO family_link (service_user_nhs, child_key, relationship, updated_at, sealed)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    people.key(user),
                    people.key(c.key()),
                    c.relationship(),
                    now,
                    sealed);
        }
    }

    /** Links written before the vault: hashed and sealed, their clear columns emptied. Returns how many. */
    int upgrade() {
        List<Object[]> links = new ArrayList<>();
        jdbc.query(
                "SELECT service_user_nhs, child_key, child_nhs, birth_date, expected_delivery, relationship, born_as"
                        + " FROM family_link WHERE sealed IS NULL",
                rs -> {
                    String user = rs.getString(1);
                    String key = rs.getString(2);
                    LinkedChild child = new LinkedChild(
                            rs.getString(3), Sql.local(rs.getDate(4)), Sql.local(rs.getDate(5)), rs.getString(6), key);
                    String bornAs = rs.getString(7);
                    links.add(new Object[] {
                        people.key(user),
                        people.key(key),
                        bornAs == null ? null : people.key(bornAs),
                        people.seal(JSON.writeValueAsString(new Link(user, child)), LINK),
                        user,
                        key
                    });
                });
        if (!links.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE family_link SET service_user_nhs = ?, child_key = ?, born_as = ?, sealed = ?,"
                            + " child_nhs = NULL, birth_date = NULL, expected_delivery = NULL"
                            + " WHERE service_user_nhs = ? AND child_key = ?",
                    links);
        }
        List<Object[]> partners = jdbc.query(
                "SELECT adult_nhs, partner_nhs FROM partner_link WHERE adult_sealed IS NULL", (rs, i) -> new Object[] {
                    people.key(rs.getString(1)),
                    people.key(rs.getString(2)),
                    people.seal(rs.getString(1), ADULT),
                    people.seal(rs.getString(2), PARTNER),
                    rs.getString(1),
                    rs.getString(2)
                });
        if (!partners.isEmpty()) {
            jdbc.batchUpdate(
                    "UPDATE partner_link SET adult_nhs = ?, partner_nhs = ?, adult_sealed = ?, partner_sealed = ?"
                            + " WHERE adult_nhs = ? AND partner_nhs = ?",
                    partners);
        }
        return links.size() + partners.size();
    }
}
