package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.governance.Proposals;
import uk.safeguarding.hub.governance.TextDiff;

/**
 * Four eyes on the rules: a proposal is applied only by another officer; the proposer may withdraw it; of two for
 * one version the second is superseded; one made before another change cannot be applied; a bad one is never a
 * proposal; with four eyes off a proposal applies at once; a roll-back proposes an old content as the next version.
 */
class RuleProposalsTest {

    static final int SHIPPED = RuleStoreTest.SHIPPED;

    final TestDatabase db = TestDatabase.create();
    final AuditTrail audit = new AuditTrail(
            db.jdbc, Clock.systemUTC(), new ChainKey(RuleStoreTest.KEY), uk.safeguarding.hub.vault.TestVaults.shared());
    final PolicyEngine engine = new PolicyEngine(RuleFileLoader.load(RuleStoreTest.FILE));
    final RuleStore store = new RuleStore(db.jdbc, db.tx, audit, engine, Clock.systemUTC());

    Proposals proposals(boolean fourEyes) {
        store.reconcile(RuleStoreTest.FILE);
        return new Proposals(Proposals.Kind.RULES, db.jdbc, store, audit, Clock.systemUTC(), fourEyes);
    }

    int audited(String type) {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry WHERE entry_type = ?", Integer.class, type);
    }

    @Test
    void onlyAnotherOfficerAppliesAProposal() throws Exception {
        Proposals four = proposals(true);
        Proposals.Answer proposed = four.propose(RuleStoreTest.version(SHIPPED + 1), "ig-a", "new guidance");
        assertThat(proposed.status()).isEqualTo(Proposals.Status.PROPOSED);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED);
        String id = proposed.proposal().id();

        assertThat(four.approve(id, "ig-a", "mine").status()).isEqualTo(Proposals.Status.NOT_YOURS);
        assertThat(audited("RULES_APPROVAL_REFUSED")).isEqualTo(1);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED);

        Proposals.Answer applied = four.approve(id, "ig-b", "read it");
        assertThat(applied.status()).isEqualTo(Proposals.Status.APPLIED);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED + 1);
        assertThat(applied.proposal().decidedBy()).isEqualTo("ig-b");
        assertThat(applied.proposal().decisionReason()).isEqualTo("read it");
        assertThat(store.history().get(0)).satisfies(v -> {
            assertThat(v.changedBy()).isEqualTo("ig-a");
            assertThat(v.approvedBy()).isEqualTo("ig-b");
            assertThat(v.reason()).isEqualTo("new guidance (approved: read it)");
        });
        assertThat(four.approve(id, "ig-b", "again").status()).isEqualTo(Proposals.Status.CONFLICT);
        assertThat(audited("RULES_PROPOSED")).isEqualTo(1);
    }

    @Test
    void withdrawnRejectedSupersededAndStaleProposalsAreNotApplied() throws Exception {
        Proposals four = proposals(true);
        String next = RuleStoreTest.version(SHIPPED + 1);
        String a = four.propose(next, "ig-a", "one").proposal().id();
        String b = four.propose(next + "\n# the same, again\n", "ig-a", "two")
                .proposal()
                .id();
        String c = four.propose(next + "\n# and again\n", "ig-b", "three")
                .proposal()
                .id();
        assertThat(four.reject(c, "ig-b", "duplicate").proposal().state()).isEqualTo(Proposals.State.WITHDRAWN);
        assertThat(four.approve(c, "ig-a", "late").status()).isEqualTo(Proposals.Status.CONFLICT);

        assertThat(four.approve(a, "ig-b", "ok").status()).isEqualTo(Proposals.Status.APPLIED);
        assertThat(four.find(b).orElseThrow().state()).isEqualTo(Proposals.State.SUPERSEDED);
        assertThat(four.approve(b, "ig-b", "ok").status()).isEqualTo(Proposals.Status.CONFLICT);

        String d = four.propose(RuleStoreTest.version(SHIPPED + 2), "ig-a", "four")
                .proposal()
                .id();
        assertThat(four.reject(d, "ig-b", "not needed").proposal().state()).isEqualTo(Proposals.State.REJECTED);
        assertThat(audited("RULES_REJECTED")).isEqualTo(2);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED + 1);
    }

    @Test
    void aBadFileIsNeverAProposal() throws Exception {
        Proposals four = proposals(true);
        Proposals.Answer bad = four.propose(
                RuleStoreTest.version(SHIPPED + 1).replace("basis: SECTION_47", "basis: HUNCH"), "ig-a", "x");
        assertThat(bad.status()).isEqualTo(Proposals.Status.INVALID);
        assertThat(bad.problems())
                .anySatisfy(p -> assertThat(p).startsWith("line ").contains("HUNCH"));
        assertThat(four.propose(RuleStoreTest.version(SHIPPED), "ig-a", "same version")
                        .status())
                .isEqualTo(Proposals.Status.INVALID);
        assertThat(four.recent(10)).isEmpty();
    }

    @Test
    void withoutFourEyesAProposalAppliesAtOnceAndARollBackIsTheOldContentAsTheNextVersion() throws Exception {
        Proposals one = proposals(false);
        String changed = Files.readString(RuleStoreTest.FILE)
                .replaceFirst("(?m)^version: \\d+$", "version: " + (SHIPPED + 1))
                .concat("\n# a comment only this version has\n");
        assertThat(one.propose(changed, "ig-a", "alone").status()).isEqualTo(Proposals.Status.APPLIED);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED + 1);

        Proposals.Answer back = one.rollBack(SHIPPED, "ig-a", "the comment was a mistake");
        assertThat(back.status()).isEqualTo(Proposals.Status.APPLIED);
        assertThat(back.proposal().rollbackTo()).isEqualTo(SHIPPED);
        assertThat(engine.rules().version()).isEqualTo(SHIPPED + 2);
        assertThat(engine.rules().source()).isEqualTo(RuleStoreTest.version(SHIPPED + 2));
        assertThat(TextDiff.between("a", changed, "b", engine.rules().source()))
                .anySatisfy(l -> assertThat(l.shown()).isEqualTo("- # a comment only this version has"));
        assertThat(one.rollBack(999, "ig-a", "x").status()).isEqualTo(Proposals.Status.NOT_FOUND);
    }
}
