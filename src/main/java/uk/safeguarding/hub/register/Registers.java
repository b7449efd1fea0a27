package uk.safeguarding.hub.register;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * The family, safeguarding, consent and involvement registers, in the database. {@link #factsFor} reads what
 * they hold about a message's family with the message's own news laid over it, so that a decision and an
 * explanation see the same thing; {@link #record} writes the message's news (call it inside the acceptance
 * transaction).
 */
@Component
public class Registers {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final JdbcTemplate jdbc;
    private final int involvementMonths;

    public Registers(JdbcTemplate jdbc, RegisterProperties properties) {
        this.jdbc = jdbc;
        this.involvementMonths = properties.involvementMonths();
    }

    /** Involvement lapses this many calendar months after the agency last sent or was sent a message. */
    Instant involvementSince(Instant at) {
        return at.atZone(LONDON).minusMonths(involvementMonths).toInstant();
    }

    public FamilyFacts factsFor(InboundMessage message) {
        String user = message.serviceUserNhsNumber();
        Map<String, LinkedChild> children = new LinkedHashMap<>();
        jdbc.query("SELECT child_key, child_nhs, birth_date, expected_delivery, relationship FROM family_link"
                + " WHERE service_user_nhs = ?", rs -> {
                    children.put(rs.getString("child_key"), new LinkedChild(rs.getString("child_nhs"),
                            toLocal(rs.getDate("birth_date")), toLocal(rs.getDate("expected_delivery")),
                            rs.getString("relationship")));
                }, user);
        message.linkedChildren().forEach(c -> children.put(c.key(), c));

        Set<String> keys = children.keySet();
        Set<String> s47 = new HashSet<>();
        Set<String> plans = new HashSet<>();
        if (!keys.isEmpty()) {
            jdbc.query("SELECT child_key, flag_type FROM safeguarding_flag WHERE active = TRUE AND child_key IN ("
                    + placeholders(keys.size()) + ")", rs -> {
                        (SafeguardingFlagUpdate.S47_ENQUIRY.equals(rs.getString("flag_type")) ? s47 : plans)
                                .add(rs.getString("child_key"));
                    }, keys.toArray());
        }
        for (SafeguardingFlagUpdate f : message.flagUpdates()) {
            Set<String> target = SafeguardingFlagUpdate.S47_ENQUIRY.equals(f.flagType()) ? s47 : plans;
            if (f.active()) {
                target.add(f.childNhsNumber());
            } else {
                target.remove(f.childNhsNumber());
            }
        }

        Map<String, ConsentRecord> standing = new HashMap<>();
        jdbc.query("SELECT recording_agency, status, roles, purposes, period_start, period_end, recorded_at"
                + " FROM consent_record WHERE service_user_nhs = ? ORDER BY id", rs -> {
                    ConsentRecord r = new ConsentRecord(rs.getString("recording_agency"), rs.getString("status"),
                            roles(rs.getString("roles")), split(rs.getString("purposes")),
                            toLocal(rs.getDate("period_start")), toLocal(rs.getDate("period_end")),
                            rs.getTimestamp("recorded_at").toInstant());
                    standing.merge(r.recordingAgency(), r, Registers::newer);
                }, user);
        if (message.consent() != null) {
            ConsentRecord r = toRecord(message);
            standing.merge(r.recordingAgency(), r, Registers::newer);
        }

        // Involvement is by NHS number: an unborn child's key (its due date) is not unique across families.
        Set<String> people = children.values().stream().map(LinkedChild::nhsNumber).filter(n -> n != null)
                .collect(Collectors.toCollection(HashSet::new));
        people.add(user);
        Set<String> involved = new HashSet<>(jdbc.queryForList("SELECT DISTINCT agency_id FROM involvement"
                + " WHERE last_seen >= ? AND person_key IN (" + placeholders(people.size()) + ")", String.class,
                concat(timestamp(involvementSince(message.receivedAt())), people.toArray())));
        return new FamilyFacts(user, List.copyOf(children.values()), Set.copyOf(s47), Set.copyOf(plans),
                List.copyOf(standing.values()), Set.copyOf(involved), answeredRequest(message),
                earlierReferrals(message));
    }

    /**
     * What an agency asking about a message may be told: the facts, if it is involved with the family; otherwise
     * only what its own message says, as for a family the hub does not know, so that asking reveals nothing.
     */
    public FamilyFacts factsKnownTo(InboundMessage message, String agency) {
        FamilyFacts facts = factsFor(message);
        if (facts.involvedAgencies().contains(agency)) {
            return facts;
        }
        Set<String> s47 = new HashSet<>();
        Set<String> plans = new HashSet<>();
        for (SafeguardingFlagUpdate f : message.flagUpdates()) {
            if (f.active()) {
                (SafeguardingFlagUpdate.S47_ENQUIRY.equals(f.flagType()) ? s47 : plans).add(f.childNhsNumber());
            }
        }
        return new FamilyFacts(message.serviceUserNhsNumber(), List.copyOf(message.linkedChildren()), Set.copyOf(s47),
                Set.copyOf(plans), message.consent() == null ? List.of() : List.of(toRecord(message)), Set.of(), null,
                List.of());
    }

    private FamilyFacts.AnsweredRequest answeredRequest(InboundMessage message) {
        if (message.basedOn() == null) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT event, sender_agency, subject_nhs FROM inbound_message"
                + " WHERE hub_message_id = ?", message.basedOn());
        if (rows.isEmpty()) {
            return null;
        }
        Set<String> deliveredTo = Set.copyOf(jdbc.queryForList("SELECT recipient_agency FROM delivery"
                + " WHERE hub_message_id = ?", String.class, message.basedOn()));
        Map<String, Object> row = rows.get(0);
        return new FamilyFacts.AnsweredRequest(message.basedOn(), (String) row.get("EVENT"),
                (String) row.get("SENDER_AGENCY"), (String) row.get("SUBJECT_NHS"), deliveredTo);
    }

    private List<FamilyFacts.EarlierReferral> earlierReferrals(InboundMessage message) {
        if (message.concerns().isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT hub_message_id, event, sender_agency, sender_role, csc_agency, referred_at"
                + " FROM referral_record WHERE concerns IN (" + placeholders(message.concerns().size()) + ")"
                + " AND hub_message_id <> ? ORDER BY referred_at, id", (rs, i) -> new FamilyFacts.EarlierReferral(
                        rs.getString("hub_message_id"), rs.getString("event"), rs.getString("sender_agency"),
                        AgencyRole.valueOf(rs.getString("sender_role")), rs.getString("csc_agency"),
                        rs.getTimestamp("referred_at").toInstant()),
                concat(message.concerns().toArray(), message.hubMessageId()));
    }

    /** A referral that reached children's social care, so that the next one about the same child is told. */
    public void recordReferral(InboundMessage message, AgencyRole senderRole, String cscAgency) {
        for (String concern : message.concerns()) {
            jdbc.update("INSERT INTO referral_record (concerns, hub_message_id, event, sender_agency, sender_role,"
                    + " csc_agency, referred_at) VALUES (?, ?, ?, ?, ?, ?, ?)", concern, message.hubMessageId(),
                    message.event().code(), message.senderAgency(), senderRole.name(), cscAgency,
                    timestamp(message.receivedAt()));
        }
    }

    /** Writes the message's news: family links, flags, consent, and who is now involved. */
    public void record(InboundMessage message, Collection<String> recipients) {
        String user = message.serviceUserNhsNumber();
        Timestamp now = timestamp(message.receivedAt());
        for (LinkedChild c : message.linkedChildren()) {
            int updated = jdbc.update("UPDATE family_link SET child_nhs = ?, birth_date = ?, expected_delivery = ?,"
                    + " relationship = ?, updated_at = ? WHERE service_user_nhs = ? AND child_key = ?",
                    c.nhsNumber(), sqlDate(c.birthDate()), sqlDate(c.expectedDelivery()), c.relationship(), now,
                    user, c.key());
            if (updated == 0) {
                jdbc.update("INSERT INTO family_link (service_user_nhs, child_key, child_nhs, birth_date,"
                        + " expected_delivery, relationship, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        user, c.key(), c.nhsNumber(), sqlDate(c.birthDate()), sqlDate(c.expectedDelivery()),
                        c.relationship(), now);
            }
        }
        for (SafeguardingFlagUpdate f : message.flagUpdates()) {
            int updated = jdbc.update("UPDATE safeguarding_flag SET active = ?, period_start = ?, period_end = ?,"
                    + " updated_by = ?, hub_message_id = ?, updated_at = ? WHERE child_key = ? AND flag_type = ?",
                    f.active(), sqlDate(f.start()), sqlDate(f.end()), message.senderAgency(),
                    message.hubMessageId(), now, f.childNhsNumber(), f.flagType());
            if (updated == 0) {
                jdbc.update("INSERT INTO safeguarding_flag (child_key, flag_type, active, period_start, period_end,"
                        + " updated_by, hub_message_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        f.childNhsNumber(), f.flagType(), f.active(), sqlDate(f.start()), sqlDate(f.end()),
                        message.senderAgency(), message.hubMessageId(), now);
            }
        }
        if (message.consent() != null) {
            ConsentRecord r = toRecord(message);
            jdbc.update("INSERT INTO consent_record (service_user_nhs, recording_agency, status, roles, purposes,"
                    + " period_start, period_end, recorded_at, hub_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    user, r.recordingAgency(), r.status(), join(r.roles()), join(r.purposes()),
                    sqlDate(r.periodStart()), sqlDate(r.periodEnd()), timestamp(r.recordedAt()),
                    message.hubMessageId());
        }
        Set<String> agencies = new HashSet<>(recipients);
        agencies.add(message.senderAgency());
        if (message.gpAgency() != null) {
            agencies.add(message.gpAgency());
        }
        Set<String> people = new HashSet<>();
        people.add(user);
        message.linkedChildren().stream().map(LinkedChild::nhsNumber).filter(n -> n != null).forEach(people::add);
        for (String agency : agencies) {
            for (String person : people) {
                int updated = jdbc.update("UPDATE involvement SET last_seen = ? WHERE agency_id = ? AND person_key = ?",
                        now, agency, person);
                if (updated == 0) {
                    jdbc.update("INSERT INTO involvement (agency_id, person_key, last_seen) VALUES (?, ?, ?)",
                            agency, person, now);
                }
            }
        }
    }

    private static ConsentRecord toRecord(InboundMessage message) {
        ConsentUpdate c = message.consent();
        return new ConsentRecord(message.senderAgency(), c.status(), c.roles(), c.purposes(), c.periodStart(),
                c.periodEnd(), c.recordedAt() != null ? c.recordedAt() : message.receivedAt());
    }

    private static ConsentRecord newer(ConsentRecord a, ConsentRecord b) {
        return b.recordedAt().isBefore(a.recordedAt()) ? a : b;
    }

    private static Set<AgencyRole> roles(String s) {
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        split(s).forEach(r -> roles.add(AgencyRole.valueOf(r)));
        return roles;
    }

    private static Set<String> split(String s) {
        return s == null || s.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(s.split(",")));
    }

    private static String join(Collection<?> values) {
        return values.stream().map(String::valueOf).sorted().collect(Collectors.joining(","));
    }

    private static String placeholders(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "?"));
    }

    private static Object[] concat(Object first, Object[] rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(rest));
        return all.toArray();
    }

    private static Object[] concat(Object[] first, Object last) {
        List<Object> all = new ArrayList<>(Arrays.asList(first));
        all.add(last);
        return all.toArray();
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.from(i);
    }

    private static Date sqlDate(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    private static LocalDate toLocal(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
