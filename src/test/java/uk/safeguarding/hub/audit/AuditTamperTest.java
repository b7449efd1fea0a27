package uk.safeguarding.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.Pem;

/**
 * The four ways someone holding the database could try to change the audit trail unseen, on a real H2 file with
 * the hub's schema, a keyed chain and signed checkpoints in a file: each is caught, and verify names the entries.
 */
class AuditTamperTest {

    @TempDir
    static Path pki;

    @TempDir
    Path dir;

    static final String KEY = Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());
    SingleConnectionDataSource db;
    JdbcTemplate jdbc;
    TransactionTemplate tx;
    AuditTrail trail;
    Checkpoints checkpoints;
    AuditVerifier verifier;

    @BeforeAll
    static void hubKey() {
        new DevPki(pki).ensure(List.of());
    }

    @BeforeEach
    void chain() throws Exception {
        db = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("db/hub"), "hub", "", true);
        jdbc = new JdbcTemplate(db);
        uk.safeguarding.hub.TestDatabase.migrate(db);
        tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        ChainKey key = new ChainKey(KEY);
        trail = new AuditTrail(jdbc, Clock.systemUTC(), key, uk.safeguarding.hub.vault.TestVaults.shared());
        checkpoints = new Checkpoints(
                dir.resolve("audit/checkpoints"),
                Pem.readPrivateKey(pki.resolve("hub-key.pem")),
                Pem.readCertificate(pki.resolve("hub.pem")),
                jdbc,
                tx,
                Clock.systemUTC(),
                Duration.ofHours(1));
        Files.createDirectories(dir.resolve("audit"));
        verifier = new AuditVerifier(jdbc, key, checkpoints);
    }

    @AfterEach
    void close() {
        db.destroy();
    }

    void append(int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            tx.executeWithoutResult(s -> trail.append(new AuditTrail.Entry(
                    AuditType.DECIDED,
                    "hub-" + k,
                    "social-care",
                    "9990000018",
                    "screening-result",
                    Map.of("outcome", "SHARE", "basis", "CHILD_PROTECTION_PLAN"))));
        }
    }

    AuditTrail.Entry entry(int k) {
        return new AuditTrail.Entry(AuditType.DECIDED, "hub-" + k, "gp", "9990000018", "screening-result", Map.of());
    }

    /** Many entries in one transaction read and write the head once; a rolled-back one leaves it as it was. */
    @Test
    void entriesOfOneTransactionShareTheHeadAndARollbackLeavesItAlone() {
        append(2);
        tx.executeWithoutResult(s -> {
            for (int k = 0; k < 4; k++) {
                trail.append(entry(k));
            }
            // Not written back until the commit.
            assertThat(jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class))
                    .isEqualTo(2);
        });
        assertThat(jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class))
                .isEqualTo(6);
        tx.executeWithoutResult(s -> {
            trail.append(entry(9));
            trail.append(entry(10));
            s.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class))
                .isEqualTo(6);
        append(1);
        checkpoints.checkpoint();
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(7);
    }

    @Test
    void anUntouchedChainVerifiesAgainstItsCheckpoints() {
        append(3);
        checkpoints.checkpoint();
        append(2);
        checkpoints.checkpoint();
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        assertThat(v.checkpointsCompared()).isEqualTo(2);
        assertThat(v.newestCheckpoint().seq()).isEqualTo(5);
    }

    /** A batch of entries (a message's receipt and decisions) chains exactly as the same entries one by one. */
    @Test
    void entriesAppendedInOneBatchChainAsIfOneByOne() {
        append(1);
        tx.executeWithoutResult(s -> trail.appendAll(java.util.List.of(entry(1), entry(2), entry(3))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
                    trail.appendAll(java.util.List.of(entry(8), entry(9)));
                    throw new IllegalStateException("rolled back after the batch");
                }))
                .hasMessageContaining("rolled back");
        append(1);

        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
        assertThat(jdbc.queryForList("SELECT hub_message_id FROM audit_entry ORDER BY seq", String.class))
                .containsExactly("hub-0", "hub-1", "hub-2", "hub-3", "hub-0");
    }

    /**
     * An entry written before the vault (the subject's number and the detail in clear, hashed as they stand) still
     * verifies between sealed ones, and the audit still finds it by the number, with the sealed ones.
     */
    @Test
    void anEntryWrittenBeforeTheVaultStillVerifiesAndIsFoundByItsNumber() {
        append(2);
        var head = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1");
        long seq = ((Number) head.get("SEQ")).longValue() + 1;
        String prev = (String) head.get("HASH");
        String at = java.time.Instant.now().toString();
        String detail = "{\"outcome\":\"SHARE\"}";
        String hash = new ChainKey(KEY)
                .hash(seq, at, "DECIDED", "hub-old", "gp", "9990000018", "screening-result", detail, prev);
        jdbc.update(
                "INSERT INTO audit_entry (seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event,"
                        + " detail, prev_hash, hash) VALUES (?, ?, 'DECIDED', 'hub-old', 'gp', '9990000018',"
                        + " 'screening-result', ?, ?, ?)",
                seq,
                at,
                detail,
                prev,
                hash);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        append(1);

        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).as(v.toString()).isTrue();
        assertThat(v.entries()).isEqualTo(4);
        assertThat(trail.ofTypeAbout(AuditType.DECIDED, java.util.List.of("9990000018")))
                .hasSize(4)
                .allSatisfy(r -> assertThat(r.subjectNhs()).isEqualTo("9990000018"))
                .anySatisfy(r -> assertThat(r.detail()).isEqualTo(detail));
        assertThat(jdbc.queryForList("SELECT subject_nhs FROM audit_entry WHERE seq <> ?", String.class, seq))
                .as("the sealed entries hold the number's keyed hash only")
                .allSatisfy(subject -> assertThat(subject).hasSize(43).isNotEqualTo("9990000018"));
    }

    @Test
    void anEditedRowIsNamed() {
        append(5);
        checkpoints.checkpoint();
        // The detail is sealed: what can be edited in place is who it names (the agency) in clear.
        jdbc.update("UPDATE audit_entry SET agency = 'police' WHERE seq = 3");
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(3);
        assertThat(v.problems()).extracting(AuditVerifier.Problem::from).containsExactly(3L);
        assertThat(v.problem()).startsWith("altered");
    }

    @Test
    void deletingTheTailAndMovingTheHeadBackIsCaughtByTheCheckpoint() {
        append(6);
        checkpoints.checkpoint();
        String hash4 = jdbc.queryForObject("SELECT hash FROM audit_entry WHERE seq = 4", String.class);
        jdbc.update("DELETE FROM audit_entry WHERE seq > 4");
        jdbc.update("UPDATE audit_head SET seq = 4, hash = ? WHERE id = 1", hash4);
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(5);
            assertThat(p.to()).isEqualTo(6);
            assertThat(p.problem()).startsWith("missing").contains("checkpoint");
        });
    }

    @Test
    void aDecisionRewrittenWithEveryLaterHashRecomputedIsCaught() throws Exception {
        append(5);
        checkpoints.checkpoint();
        // The attacker's recomputation with plain SHA-256, as the chain was before it had a key.
        rewriteFrom(2, AuditTamperTest::sha256);
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(2);
        assertThat(v.problems())
                .filteredOn(p -> p.problem().startsWith("altered"))
                .extracting(AuditVerifier.Problem::from)
                .containsExactly(2L, 3L, 4L, 5L);
    }

    @Test
    void evenWithTheChainKeyARewriteIsCaughtByTheSignedCheckpoint() throws Exception {
        append(5);
        checkpoints.checkpoint();
        ChainKey stolen = new ChainKey(KEY);
        rewriteFrom(2, stolen::hash);
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(5);
            assertThat(p.problem()).startsWith("rewritten");
        });
    }

    @Test
    void anOlderCopyOfTheDatabaseRestoredIsCaught() throws Exception {
        append(3);
        checkpoints.checkpoint();
        Path copy = dir.resolve("older-copy.sql");
        jdbc.execute("SCRIPT TO '" + copy + "'");
        append(4);
        checkpoints.checkpoint();
        jdbc.execute("DROP ALL OBJECTS");
        jdbc.execute("RUNSCRIPT FROM '" + copy + "'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry", Integer.class))
                .isEqualTo(3);
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> {
            assertThat(p.from()).isEqualTo(4);
            assertThat(p.to()).isEqualTo(7);
            assertThat(p.problem()).contains("older copy");
        });
    }

    @Test
    void anEditedCheckpointLineIsNamed() throws Exception {
        append(2);
        checkpoints.checkpoint();
        Path file = dir.resolve("audit/checkpoints");
        String line = Files.readString(file);
        Files.writeString(file, line.replaceFirst("^2 ", "1 "));
        AuditVerifier.Verification v = verifier.verify();
        assertThat(v.valid()).isFalse();
        assertThat(v.problem()).contains("not signed");
    }

    interface Hasher {
        String hash(Object... parts);
    }

    /** Changes entry {@code from}'s agency and recomputes its hash and every later one, and the head. */
    void rewriteFrom(long from, Hasher hasher) {
        jdbc.update("UPDATE audit_entry SET agency = 'police' WHERE seq = ?", from);
        String prev = jdbc.queryForObject("SELECT hash FROM audit_entry WHERE seq = ?", String.class, from - 1);
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM audit_entry WHERE seq >= ? ORDER BY seq", from)) {
            long seq = ((Number) r.get("SEQ")).longValue();
            java.util.List<Object> parts = new java.util.ArrayList<>(java.util.Arrays.asList(
                    seq,
                    r.get("RECORDED_AT"),
                    r.get("ENTRY_TYPE"),
                    r.get("HUB_MESSAGE_ID"),
                    r.get("AGENCY"),
                    r.get("SUBJECT_NHS"),
                    r.get("EVENT"),
                    r.get("DETAIL"),
                    prev));
            // An entry with a sealed subject has it hashed last (AuditTrail.hash).
            if (r.get("SUBJECT_SEALED") != null) {
                parts.add(r.get("SUBJECT_SEALED"));
            }
            String hash = hasher.hash(parts.toArray());
            jdbc.update("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq);
            prev = hash;
        }
        jdbc.update("UPDATE audit_head SET hash = ? WHERE id = 1", prev);
    }

    static String sha256(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
