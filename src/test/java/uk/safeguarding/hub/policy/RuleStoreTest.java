package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.governance.Outcome;

/**
 * The rule history: the file is applied at the first start; a change is a new version, audited with who and why;
 * a stale or bad one is refused and leaves the running rules; a restart with an older file keeps the newer
 * history; another instance's change is picked up; the file cannot be changed under an applied version.
 */
class RuleStoreTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());
    static final Path FILE = Path.of("config/rules/sharing-rules.yaml");
    /** The shipped file's version; the tests apply the ones after it. */
    static final int SHIPPED = RuleFileLoader.load(FILE).version();

    final TestDatabase db = TestDatabase.create();
    final AuditTrail audit = new AuditTrail(
            db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared());

    RuleStore startWith(RuleSet fileRules) {
        PolicyEngine engine = new PolicyEngine(fileRules);
        RuleStore store = new RuleStore(db.jdbc, db.tx, audit, engine, Clock.systemUTC());
        store.reconcile(FILE);
        return store;
    }

    static String version(int v) throws Exception {
        return Files.readString(FILE).replaceFirst("(?m)^version: \\d+$", "version: " + v);
    }

    @Test
    void aChangeIsANewVersionAuditedWithWhoAndWhy() throws Exception {
        RuleStore store = startWith(RuleFileLoader.load(FILE));
        assertThat(store.history())
                .extracting(uk.safeguarding.hub.governance.Governed.Version::version)
                .containsExactly(SHIPPED);
        Outcome changed = store.replace(version(SHIPPED + 1), "ig-officer", "new guidance");
        assertThat(changed.valid()).isTrue();
        assertThat(changed.version()).isEqualTo(SHIPPED + 1);
        assertThat(store.history()).first().satisfies(v -> {
            assertThat(v.version()).isEqualTo(SHIPPED + 1);
            assertThat(v.changedBy()).isEqualTo("ig-officer");
            assertThat(v.reason()).isEqualTo("new guidance");
        });
        assertThat(uk.safeguarding.hub.audit.AuditDetails.newest(db.jdbc, "RULES_CHANGED"))
                .contains("ig-officer")
                .contains("new guidance");
    }

    @Test
    void aStaleOrBadChangeIsRefusedAndTheRunningRulesStay() throws Exception {
        RuleStore store = startWith(RuleFileLoader.load(FILE));
        assertThat(store.replace(version(SHIPPED), "ig-officer", "same again").valid())
                .isFalse();
        Outcome bad = store.replace(version(SHIPPED + 1).replace("basis: SECTION_47", "basis: HUNCH"), "ig", "x");
        assertThat(bad.valid()).isFalse();
        assertThat(bad.problems())
                .anySatisfy(p -> assertThat(p).startsWith("line ").contains("HUNCH"));
        assertThat(store.history())
                .extracting(uk.safeguarding.hub.governance.Governed.Version::version)
                .containsExactly(SHIPPED);
    }

    @Test
    void aRestartWithTheOlderFileKeepsTheNewerHistoryAndAnotherInstancesChangeIsPickedUp() throws Exception {
        startWith(RuleFileLoader.load(FILE)).replace(version(SHIPPED + 1), "ig-officer", "changed on one instance");
        PolicyEngine restarted = new PolicyEngine(RuleFileLoader.load(FILE));
        new RuleStore(db.jdbc, db.tx, audit, restarted, Clock.systemUTC()).reconcile(FILE);
        assertThat(restarted.rules().version()).isEqualTo(SHIPPED + 1);

        PolicyEngine other = new PolicyEngine(RuleFileLoader.load(FILE));
        RuleStore otherStore = new RuleStore(db.jdbc, db.tx, audit, other, Clock.systemUTC());
        startWith(RuleFileLoader.parse(version(SHIPPED + 1), "file"))
                .replace(version(SHIPPED + 2), "ig-officer", "again");
        otherStore.refresh();
        assertThat(other.rules().version()).isEqualTo(SHIPPED + 2);
        assertThat(RuleStore.latestApplied(db.jdbc))
                .hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(SHIPPED + 2));
    }

    @Test
    void theFileCannotBeChangedUnderAVersionAlreadyApplied() throws Exception {
        startWith(RuleFileLoader.load(FILE));
        RuleSet edited = RuleFileLoader.parse(Files.readString(FILE) + "\n# an edit\n", FILE.toString());
        assertThatThrownBy(() -> startWith(edited))
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining("version " + SHIPPED + " is already applied with different rules");
    }
}
