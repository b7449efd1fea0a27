package uk.safeguarding.hub.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.register.Registers;

/**
 * docs/decisions.md "Chronology" (Practice tips: "is there a useful chronology?"): for an agency involved with a family, every share
 * it received about the service user or a linked child, oldest first, with the summary fields its profile left;
 * never what it was withheld, never a notice, never a share recalled before it arrived. For a family the agency
 * is not involved with, nothing: asking reveals nothing.
 */
@Component
public class Chronology {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MOST = 1_000;

    private final JdbcTemplate jdbc;
    private final Registers registers;
    private final Clock clock;

    private final uk.safeguarding.hub.vault.Vault vault;

    public Chronology(JdbcTemplate jdbc, Registers registers, Clock clock, uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.registers = registers;
        this.clock = clock;
    }

    public List<Map<String, Object>> of(String agency, String nhs) {
        if (!registers.involvedWith(agency, nhs, Instant.now(clock))) {
            return List.of();
        }
        Set<String> adults = registers.familyAdults(nhs);
        return jdbc.query(
                "SELECT d.delivery_id, d.hub_message_id, d.event, d.sender_agency, d.basis, d.received_at, d.summary"
                        + " FROM delivery d JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                        + " WHERE d.recipient_agency = ? AND d.sender_agency <> '" + Notices.HUB + "'"
                        + " AND d.status IN (" + DeliveryStatus.QUEUED.sql() + ", " + DeliveryStatus.ACKED.sql() + ")"
                        + " AND m.subject_nhs IN ("
                        + String.join(",", java.util.Collections.nCopies(adults.size(), "?"))
                        + ") ORDER BY d.received_at, d.delivery_id FETCH FIRST " + MOST + " ROWS ONLY",
                (rs, i) -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("id", rs.getString("delivery_id"));
                    entry.put("hubMessageId", rs.getString("hub_message_id"));
                    entry.put("event", rs.getString("event"));
                    entry.put("senderAgency", rs.getString("sender_agency"));
                    entry.put("basis", rs.getString("basis"));
                    entry.put(
                            "receivedAt",
                            rs.getTimestamp("received_at").toInstant().toString());
                    String summary = vault.openText(
                            uk.safeguarding.hub.vault.Purpose.CONTENT,
                            rs.getString("summary"),
                            MessageAcceptance.SUMMARY);
                    if (summary != null) {
                        entry.putAll(JSON.readValue(summary, new TypeReference<Map<String, Object>>() {}));
                    }
                    return entry;
                },
                java.util.stream.Stream.concat(
                                java.util.stream.Stream.of(agency),
                                adults.stream().map(vault::index))
                        .toArray());
    }
}
