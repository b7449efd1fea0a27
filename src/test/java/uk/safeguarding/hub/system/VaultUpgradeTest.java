package uk.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.register.Registers;
import uk.safeguarding.hub.retention.LegalHolds;
import uk.safeguarding.hub.vault.TestVaults;
import uk.safeguarding.hub.vault.Vault;

/**
 * A database written before NHS numbers were hashed (schema version 4, every row as that hub wrote it: numbers,
 * birth and due dates, unborn keys in clear) is migrated and rewritten at the next start: afterwards a dump of it
 * names no one, every lookup by NHS number still finds what it found, the share that was waiting still waits, and a
 * second start rewrites nothing.
 */
class VaultUpgradeTest {

    static final String MUM = "9990000018";
    static final String CHILD = "9990000026";
    static final String PARTNER = "9990000034";
    static final String UNBORN = "unborn:" + MUM + ":2027-03-01";

    final DriverManagerDataSource db =
            new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    final JdbcTemplate jdbc = new JdbcTemplate(db);
    final TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db));
    final Vault vault = TestVaults.shared();

    Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(db)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .target(target)
                .load();
    }

    /** The rows the hub wrote before (as its SQL wrote them), at schema version 4. */
    void writtenBefore() {
        flyway("4").migrate();
        Timestamp at = Timestamp.from(Instant.parse("2026-11-30T09:15:00Z"));
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                        + " received_at, rule_version) VALUES ('m1', 'drug-service', 's1', 'treatment-dropout', ?, ?, 1)",
                MUM,
                at);
        jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                        + " urgent, received_at, size_bytes, status) VALUES ('d1', 'm1', 'gp', 'treatment-dropout',"
                        + " 'drug-service', 'CONSENT', FALSE, ?, 3, 'PENDING')",
                at);
        jdbc.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES ('d1', X'010203')");
        jdbc.update(
                "INSERT INTO message_child (hub_message_id, child_nhs, received_at) VALUES ('m1', ?, ?)", CHILD, at);
        jdbc.update(
                "INSERT INTO family_link (service_user_nhs, child_key, child_nhs, birth_date, relationship, updated_at)"
                        + " VALUES (?, ?, ?, ?, 'MOTHER', ?)",
                MUM,
                CHILD,
                CHILD,
                Date.valueOf("2020-01-01"),
                at);
        jdbc.update(
                "INSERT INTO family_link (service_user_nhs, child_key, expected_delivery, relationship, updated_at)"
                        + " VALUES (?, ?, ?, 'UNBORN', ?)",
                MUM,
                UNBORN,
                Date.valueOf("2027-03-01"),
                at);
        jdbc.update(
                "INSERT INTO partner_link (adult_nhs, partner_nhs, relationship, updated_at) VALUES (?, ?, 'PARTNER', ?)",
                PARTNER,
                MUM,
                at);
        jdbc.update(
                "INSERT INTO safeguarding_flag (child_key, flag_type, active, updated_by, hub_message_id, updated_at)"
                        + " VALUES (?, 'CHILD_PROTECTION_PLAN', TRUE, 'social-care', 'p1', ?)",
                CHILD,
                at);
        jdbc.update(
                "INSERT INTO consent_record (service_user_nhs, recording_agency, status, roles, purposes,"
                        + " recorded_at, hub_message_id) VALUES (?, 'drug-service', 'active', 'GP', 'safeguarding', ?,"
                        + " 'c1')",
                MUM,
                at);
        jdbc.update("INSERT INTO involvement (agency_id, person_key, last_seen) VALUES ('gp', ?, ?)", MUM, at);
        jdbc.update(
                "INSERT INTO involvement (agency_id, person_key, last_seen) VALUES ('maternity', ?, ?)", UNBORN, at);
        jdbc.update(
                "INSERT INTO referral_record (concerns, hub_message_id, event, sender_agency, sender_role, csc_agency,"
                        + " referred_at) VALUES (?, 'r1', 'referral', 'maternity', 'MATERNITY', 'social-care', ?)",
                UNBORN,
                at);
        jdbc.update(
                "INSERT INTO request_record (hub_message_id, event, sender_agency, subject_nhs, recipients,"
                        + " received_at) VALUES ('r1', 'referral', 'maternity', ?, 'social-care', ?)",
                MUM,
                at);
        jdbc.update(
                "INSERT INTO legal_hold (nhs_number, held_by, held_at, reason) VALUES (?, 'ig-officer', ?,"
                        + " 'practice review of the family')",
                MUM,
                at);
    }

    @Test
    void aDatabaseFromBeforeIsRewrittenOnceAndEveryLookupStillFinds() {
        writtenBefore();
        flyway("latest").migrate();
        Registers registers = new Registers(jdbc, new RegisterProperties("config/agencies.yaml", 12), vault);
        MessageRecords messages = new MessageRecords(jdbc, vault);
        AuditTrail trail = new AuditTrail(
                jdbc, Clock.systemUTC(), new ChainKey("a2V5LWZvci10ZXN0cy1vbmx5LTMyLWJ5dGVzLWxvbmc"), vault);
        LegalHolds holds = new LegalHolds(jdbc, tx, trail, registers, Clock.systemUTC(), vault);
        VaultUpgrade upgrade = new VaultUpgrade(registers, messages, holds, tx, jdbc, Clock.systemUTC());
        assertThat(upgrade.done()).isFalse();

        upgrade.afterSingletonsInstantiated();

        StringBuilder dump = new StringBuilder();
        jdbc.query("SCRIPT", rs -> {
            dump.append(rs.getString(1)).append('\n');
        });
        assertThat(dump)
                .as("a dump of the rewritten database")
                .doesNotContain(MUM)
                .doesNotContain(CHILD)
                .doesNotContain(PARTNER)
                .doesNotContain("2020-01-01")
                .doesNotContain("2027-03-01")
                .doesNotContain("practice review");

        // Every lookup by NHS number finds what it found before.
        assertThat(registers.linkedChildren(MUM)).containsExactly(CHILD);
        assertThat(registers.familyAdults(MUM)).containsExactlyInAnyOrder(MUM, PARTNER);
        assertThat(registers.familyAdults(PARTNER)).contains(MUM);
        assertThat(registers.involvedWith("gp", MUM, Instant.parse("2026-12-01T00:00:00Z")))
                .isTrue();
        assertThat(registers.involvedWith("maternity", MUM, Instant.parse("2026-12-01T00:00:00Z")))
                .as("through the unborn child")
                .isTrue();
        assertThat(registers.concernsOf("r1")).containsExactly(UNBORN);
        assertThat(registers.referrals(List.of("r1")).get("r1").subjectNhs()).isEqualTo(MUM);
        assertThat(messages.namingChild(CHILD)).containsExactly("m1");
        assertThat(messages.find(null, null, null, MUM, null, null, null, 10))
                .extracting(m -> m.get("HUB_MESSAGE_ID"))
                .containsExactly("m1");
        assertThat(holds.all()).singleElement().satisfies(h -> {
            assertThat(h.nhsNumber()).isEqualTo(MUM);
            assertThat(h.reason()).isEqualTo("practice review of the family");
        });
        assertThat(holds.protectedPeople()).contains(MUM, CHILD, PARTNER);
        // The share that was waiting still waits, with its sealed copy.
        assertThat(jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = 'd1'", String.class))
                .isEqualTo("PENDING");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM delivery_payload WHERE delivery_id = 'd1'", Integer.class))
                .isEqualTo(1);

        // A second start finds nothing left to rewrite.
        Integer again = tx.execute(s -> registers.upgrade() + messages.upgrade() + holds.upgrade());
        assertThat(again).isZero();
        // And that it was done is kept: a later start looks no further (a row in clear now stays as it is).
        assertThat(upgrade.done()).isTrue();
        assertThat(jdbc.queryForObject("SELECT rows_rewritten FROM vault_upgrade", Integer.class))
                .isEqualTo(12);
        jdbc.update(
                "INSERT INTO involvement (agency_id, person_key, last_seen) VALUES ('health-visiting', ?, ?)",
                MUM,
                Timestamp.from(Instant.now()));
        upgrade.afterSingletonsInstantiated();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM involvement WHERE person_key = ?", Integer.class, MUM))
                .isEqualTo(1);
    }
}
