package uk.safeguarding.hub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditCut;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.AuditVerifier;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.audit.Checkpoints;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.Pem;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.register.Registers;

/**
 * Pruning: each kind goes when past its time and not before; a share still on its way and a family under legal
 * hold are never pruned; the audit trail is cut only at its start, verifies after the cut (and after the checkpoints
 * it had), and a cut moved by hand or an entry removed after it is found.
 */
class RetentionTest {

    static final String KEY = Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());
    static final String A = "9990000018";
    static final String HELD = "9990000506";
    static final String HELD_CHILD = "9990000514";
    static final Instant NOW = Instant.parse("2036-06-01T12:00:00Z");

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    final AtomicReference<Instant> now = new AtomicReference<>();
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    SingleConnectionDataSource db;
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    AuditTrail trail;
    AuditVerifier verifier;
    AuditCut cut;
    LegalHolds holds;
    Checkpoints checkpoints;

    @BeforeAll
    static void hubKey() {
        new DevPki(pki).ensure(List.of());
    }

    @BeforeEach
    void database() throws Exception {
        db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("db/hub"), "hub", "", true);
        jdbc = new JdbcTemplate(db);
        uk.safeguarding.hub.TestDatabase.migrate(db);
        tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        ChainKey key = new ChainKey(KEY);
        trail = new AuditTrail(jdbc, clock, key, uk.safeguarding.hub.vault.TestVaults.shared());
        Files.createDirectories(dir.resolve("audit"));
        checkpoints = new Checkpoints(
                dir.resolve("audit/checkpoints"),
                Pem.readPrivateKey(pki.resolve("hub-key.pem")),
                Pem.readCertificate(pki.resolve("hub.pem")),
                jdbc,
                tx,
                clock,
                Duration.ofHours(1));
        cut = new AuditCut(jdbc, tx, key, clock, trail);
        verifier = new AuditVerifier(jdbc, key, checkpoints, cut);
        holds = new LegalHolds(
                jdbc,
                tx,
                trail,
                new Registers(
                        jdbc,
                        new RegisterProperties("config/agencies.yaml", 12),
                        uk.safeguarding.hub.vault.TestVaults.shared()),
                clock,
                uk.safeguarding.hub.vault.TestVaults.shared());
        jdbc.update(
                "INSERT INTO family_link (service_user_nhs, child_key, child_nhs, relationship, updated_at)"
                        + " VALUES (?, ?, ?, 'MOTHER', ?)",
                HELD,
                HELD_CHILD,
                HELD_CHILD,
                Timestamp.from(NOW.minus(Duration.ofDays(4000))));
        // Written as a hub before the vault wrote it: the start's upgrade hashes and seals it.
        assertThat(new Registers(
                                jdbc,
                                new RegisterProperties("config/agencies.yaml", 12),
                                uk.safeguarding.hub.vault.TestVaults.shared())
                        .upgrade())
                .isEqualTo(1);
    }

    @AfterEach
    void close() {
        db.destroy();
    }

    Retention retention(RetentionProperties properties) {
        return new Retention(
                jdbc,
                tx,
                trail,
                cut,
                holds,
                properties,
                clock,
                new uk.safeguarding.hub.delivery.RecordsPruning(
                        jdbc, tx, uk.safeguarding.hub.vault.TestVaults.shared()),
                new uk.safeguarding.hub.intake.Quarantine(
                        jdbc,
                        tx,
                        trail,
                        new uk.safeguarding.hub.intake.OperationOutcomes(ca.uhn.fhir.context.FhirContext.forR4Cached()),
                        clock,
                        uk.safeguarding.hub.vault.TestVaults.inMemory()),
                new uk.safeguarding.hub.delivery.AcceptedMessages(jdbc, uk.safeguarding.hub.vault.TestVaults.shared()),
                new uk.safeguarding.hub.policy.PolicyProperties(
                        "config/rules/sharing-rules.yaml",
                        Duration.ofDays(90),
                        Duration.ofSeconds(10),
                        Duration.ofHours(1),
                        true));
    }

    static RetentionProperties defaults() {
        return new RetentionProperties(
                Duration.ofHours(1),
                Duration.ofDays(2190),
                Duration.ofDays(2190),
                Duration.ofDays(30),
                Duration.ofDays(2920));
    }

    /** A message about {@code nhs} decided at {@code when}, shared to the GP, the share in {@code status}. */
    void message(String id, String nhs, Instant when, String status) {
        now.set(when);
        Timestamp at = Timestamp.from(when);
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                        + " received_at, rule_version) VALUES (?, 'drug-service', ?, 'treatment-dropout', ?, ?, 1)",
                id,
                id,
                uk.safeguarding.hub.vault.TestVaults.shared().index(nhs),
                at);
        jdbc.update(
                "INSERT INTO decision (hub_message_id, agency, outcome, basis, urgent, reasons) VALUES (?, 'gp',"
                        + " 'SHARE', 'CONSENT', FALSE, '[]')",
                id);
        jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                        + " urgent, received_at, size_bytes, status) VALUES (?, ?, 'gp', 'treatment-dropout',"
                        + " 'drug-service', 'CONSENT', FALSE, ?, 10, ?)",
                "d-" + id,
                id,
                at,
                status);
        audit(nhs, id, when);
    }

    void audit(String nhs, String id, Instant when) {
        now.set(when);
        tx.executeWithoutResult(s -> trail.append(new AuditTrail.Entry(
                AuditType.DECIDED, id, "gp", nhs, "treatment-dropout", Map.of("decision", "SHARE"))));
    }

    int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    List<String> auditSubjects() {
        return jdbc.query(
                "SELECT seq, subject_sealed FROM audit_entry ORDER BY seq",
                (rs, i) -> rs.getString(2) == null
                        ? "-"
                        : uk.safeguarding.hub.vault.TestVaults.shared()
                                .openText(
                                        uk.safeguarding.hub.vault.Purpose.AUDIT,
                                        rs.getString(2),
                                        "audit_entry.subject#" + rs.getLong(1)));
    }

    /**
     * Message content goes after keep-messages-for, but a held family keeps theirs (a review may need to open it):
     * a message about the held mother, and one about another adult naming the held child.
     */
    @Test
    void oldContentIsForgottenButAHeldFamilyKeepsIts() {
        Instant old = NOW.minus(Duration.ofDays(100));
        message("a-old", A, old, "ACKED");
        message("held-old", HELD, old, "ACKED");
        message("other-naming-held-child", "9990000042", old, "ACKED");
        message("a-new", A, NOW.minus(Duration.ofDays(10)), "ACKED");
        jdbc.update("UPDATE inbound_message SET body = ?", (Object) new byte[] {1, 2, 3});
        jdbc.update(
                "INSERT INTO message_child (hub_message_id, child_nhs, received_at) VALUES (?, ?, ?)",
                "other-naming-held-child",
                uk.safeguarding.hub.vault.TestVaults.shared().index(HELD_CHILD),
                Timestamp.from(old));
        now.set(NOW);
        assertThat(holds.place(HELD, "ig-officer", "practice review")).isTrue();

        assertThat(retention(defaults()).forgetOldContent()).isEqualTo(1);
        assertThat(jdbc.queryForList(
                        "SELECT hub_message_id FROM inbound_message WHERE body IS NOT NULL ORDER BY 1", String.class))
                .containsExactly("a-new", "held-old", "other-naming-held-child");

        holds.lift(HELD, "ig-officer", "review published");
        assertThat(retention(defaults()).forgetOldContent()).isEqualTo(2);
    }

    @Test
    void eachKindGoesWhenPastItsTimeAndAHeldFamilyStays() {
        Instant tenYearsAgo = NOW.minus(Duration.ofDays(3650));
        message("a-acked", A, tenYearsAgo, "ACKED");
        message("a-pending", A, tenYearsAgo.plusSeconds(1), "PENDING");
        message("held-acked", HELD, tenYearsAgo.plusSeconds(2), "ACKED");
        audit(HELD_CHILD, "held-child", tenYearsAgo.plusSeconds(3));
        audit(A, "a-old", tenYearsAgo.plusSeconds(4));
        message("a-recent", A, NOW.minus(Duration.ofDays(365)), "ACKED");
        now.set(NOW.minus(Duration.ofDays(40)));
        jdbc.update(
                "INSERT INTO quarantine (quarantine_id, received_at, sender_agency, status, reason) VALUES ('q1', ?,"
                        + " 'gp', 400, 'bad')",
                Timestamp.from(now.get()));
        checkpoints.checkpoint();
        now.set(NOW);
        assertThat(holds.place(HELD_CHILD, "ig-officer", "practice review")).isTrue();

        Map<String, Integer> pruned = retention(defaults()).prune(NOW);

        assertThat(pruned)
                .containsEntry("delivered-shares", 1)
                .containsEntry("decisions", 1)
                .containsEntry("quarantined-messages", 1);
        assertThat(jdbc.queryForList("SELECT delivery_id FROM delivery ORDER BY delivery_id", String.class))
                .as("the share on its way, the held family's and the recent one stay")
                .containsExactly("d-a-pending", "d-a-recent", "d-held-acked");
        assertThat(jdbc.queryForList("SELECT hub_message_id FROM inbound_message ORDER BY 1", String.class))
                .containsExactly("a-pending", "a-recent", "held-acked");
        // The audit is cut at its start, before the held family's first entry (a hold on the child holds the
        // mother): the two entries about A before it go, everything from it on stays.
        assertThat(pruned.get("audit-entries")).isEqualTo(2);
        assertThat(auditSubjects().subList(0, 4)).containsExactly(HELD, HELD_CHILD, A, A);
        assertThat(verifier.verify().valid()).as(verifier.verify().toString()).isTrue();

        // Lifted, the next run prunes the rest of what is past its time.
        holds.lift(HELD_CHILD, "ig-officer", "review published");
        Map<String, Integer> again = retention(defaults()).prune(NOW.plusSeconds(60));
        assertThat(again.get("audit-entries"))
                .as("the held family's two and A's old one")
                .isEqualTo(3);
        assertThat(jdbc.queryForList("SELECT delivery_id FROM delivery ORDER BY delivery_id", String.class))
                .containsExactly("d-a-pending", "d-a-recent");
        var verification = verifier.verify();
        assertThat(verification.valid()).as(verification.toString()).isTrue();
        assertThat(retention(defaults()).figures().kinds())
                .filteredOn(f -> f.kind().equals("audit-entries"))
                .singleElement()
                .satisfies(f -> assertThat(f.total()).isEqualTo(5));
    }

    @Test
    void aCutMovedByHandOrAnEntryRemovedAfterItIsFound() {
        Instant old = NOW.minus(Duration.ofDays(3650));
        for (int i = 0; i < 5; i++) {
            audit(A, "m" + i, old.plusSeconds(i));
        }
        audit(A, "recent", NOW.minus(Duration.ofDays(1)));
        now.set(NOW);
        assertThat(retention(defaults()).prune(NOW).get("audit-entries")).isEqualTo(5);
        assertThat(verifier.verify().valid()).isTrue();

        long firstKept = jdbc.queryForObject("SELECT MIN(seq) FROM audit_entry", Long.class);
        jdbc.update("UPDATE audit_cut SET seq = seq + 1");
        assertThat(verifier.verify().problem()).contains("the audit cut was not made by the hub");
        jdbc.update("UPDATE audit_cut SET seq = seq - 1");
        assertThat(verifier.verify().valid()).isTrue();
        jdbc.update("DELETE FROM audit_entry WHERE seq = ?", firstKept);
        assertThat(verifier.verify().valid()).isFalse();
        assertThat(verifier.verify().problem()).contains("missing");
    }

    @Test
    void theAuditIsKeptAtLeastAsLongAsAnythingElse() {
        assertThatThrownBy(() -> new RetentionProperties(
                        Duration.ofHours(1),
                        Duration.ofDays(100),
                        Duration.ofDays(3000),
                        Duration.ofDays(30),
                        Duration.ofDays(2920)))
                .hasMessageContaining("hub.retention.audit-entries (2920 days) must be at least as long");
        assertThatThrownBy(() -> new RetentionProperties(
                        Duration.ofHours(1),
                        Duration.ofDays(200),
                        Duration.ofDays(100),
                        Duration.ofDays(30),
                        Duration.ofDays(2920)))
                .hasMessageContaining("hub.retention.decisions (100 days) must be at least");
    }
}
