package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import uk.safeguarding.hub.TestDatabase;

/**
 * A database written by an earlier version (before the schema had Flyway versions: the schema script ran at every
 * start, and older versions of it left rows in an older shape) is baselined and brought up to date at the next
 * start, and nothing is lost.
 */
class SchemaUpgradeTest {

    final DriverManagerDataSource dataSource =
            new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    /** As an earlier version made it: the baseline script run directly, no Flyway history. */
    SchemaUpgradeTest() {
        new ResourceDatabasePopulator(new ClassPathResource("db/migration/V1__baseline.sql")).execute(dataSource);
    }

    @Test
    void sealedCopiesLeftInDeliveryRowsMoveToTheirOwnTableAndDecisionsGetTheirMessagesTime() {
        Timestamp received = Timestamp.from(Instant.parse("2026-11-30T09:15:00Z"));
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event,"
                        + " subject_nhs, received_at, rule_version) VALUES ('m1', 'drug-service', 's1',"
                        + " 'screening-result', '9990000018', ?, 1)",
                received);
        // As the earlier version wrote them: the sealed copy in the delivery row, decisions without a time.
        for (String[] d :
                new String[][] {{"d-pending", "PENDING"}, {"d-queued", "QUEUED"}, {"d-discarded", "DISCARDED"}}) {
            jdbc.update(
                    "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                            + " urgent, received_at, size_bytes, status, payload) VALUES (?, 'm1', 'gp',"
                            + " 'screening-result', 'drug-service', 'CONSENT', FALSE, ?, 3, ?, X'010203')",
                    d[0],
                    received,
                    d[1]);
        }
        jdbc.update("INSERT INTO decision (hub_message_id, agency, outcome, urgent, reasons)"
                + " VALUES ('m1', 'gp', 'SHARE', FALSE, 'r')");

        startAgain();
        startAgain(); // and once more: nothing is applied twice
        assertThat(jdbc.queryForList(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"",
                        String.class))
                .as("baselined at 0, then the migrations brought it up to date")
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8");

        assertThat(jdbc.queryForList("SELECT delivery_id FROM delivery_payload ORDER BY delivery_id", String.class))
                .containsExactly("d-pending", "d-queued");
        assertThat(jdbc.queryForObject(
                        "SELECT payload FROM delivery_payload WHERE delivery_id = 'd-queued'", byte[].class))
                .containsExactly(1, 2, 3);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery WHERE payload IS NOT NULL", Integer.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT received_at FROM decision", Timestamp.class))
                .isEqualTo(received);
    }

    private void startAgain() {
        TestDatabase.migrate(dataSource);
    }
}
