package uk.safeguarding.hub.register;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.InboundMessage;

/**
 * The consent register (table {@code consent_record}): every consent record an agency has sent; the standing one
 * per recording agency is its newest.
 */
final class ConsentRegister {

    private final JdbcTemplate jdbc;
    private final People people;

    ConsentRegister(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    /** Records written before the vault: their service users hashed. Returns how many rows. */
    int upgrade() {
        return Upgrades.rekey(jdbc, people, "consent_record", "service_user_nhs");
    }

    /** The standing record of each recording agency, with the message's own record laid over them. */
    Map<String, ConsentRecord> standing(InboundMessage message) {
        Map<String, ConsentRecord> standing = new HashMap<>();
        jdbc.query(
                "SELECT recording_agency, status, roles, purposes, period_start, period_end, recorded_at"
                        + " FROM consent_record WHERE service_user_nhs = ? ORDER BY id",
                rs -> {
                    ConsentRecord r = new ConsentRecord(
                            rs.getString("recording_agency"),
                            rs.getString("status"),
                            roles(rs.getString("roles")),
                            Sql.split(rs.getString("purposes")),
                            Sql.local(rs.getDate("period_start")),
                            Sql.local(rs.getDate("period_end")),
                            rs.getTimestamp("recorded_at").toInstant());
                    standing.merge(r.recordingAgency(), r, ConsentRegister::newer);
                },
                people.key(message.serviceUserNhsNumber()));
        if (message.consent() != null) {
            ConsentRecord r = recordOf(message);
            standing.merge(r.recordingAgency(), r, ConsentRegister::newer);
        }
        return standing;
    }

    void record(InboundMessage message) {
        if (message.consent() == null) {
            return;
        }
        ConsentRecord r = recordOf(message);
        jdbc.update(
                "INSERT INTO consent_record (service_user_nhs, recording_agency, status, roles, purposes,"
                        + " period_start, period_end, recorded_at, hub_message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                people.key(message.serviceUserNhsNumber()),
                r.recordingAgency(),
                r.status(),
                Sql.join(r.roles()),
                Sql.join(r.purposes()),
                Sql.date(r.periodStart()),
                Sql.date(r.periodEnd()),
                Sql.timestamp(r.recordedAt()),
                message.hubMessageId());
    }

    /** The consent record a consent update makes (recorded when it says, else when it arrived). */
    static ConsentRecord recordOf(InboundMessage message) {
        ConsentUpdate c = message.consent();
        return new ConsentRecord(
                message.senderAgency(),
                c.status(),
                c.roles(),
                c.purposes(),
                c.periodStart(),
                c.periodEnd(),
                c.recordedAt() != null ? c.recordedAt() : message.receivedAt());
    }

    private static ConsentRecord newer(ConsentRecord a, ConsentRecord b) {
        return b.recordedAt().isBefore(a.recordedAt()) ? a : b;
    }

    private static Set<AgencyRole> roles(String s) {
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        Sql.split(s).forEach(r -> roles.add(AgencyRole.valueOf(r)));
        return roles;
    }
}
