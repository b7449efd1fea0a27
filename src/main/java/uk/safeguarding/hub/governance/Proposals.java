package uk.safeguarding.hub.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;

/**
 * Four eyes on governed data (the sharing rules, the agency register): one officer proposes a change (validated
 * first, with a reason), and it is applied only when a second officer approves it, with a reason of their own. The proposer may withdraw it, another
 * officer may reject it. A proposal names the version it would become, so one approved after another change is
 * refused as stale (propose again on the rules now running); applying one supersedes the others for that version.
 * A roll-back is a proposal too: an earlier version's content as the next version. With four eyes off ({@code
 * hub.policy.four-eyes: false}) a proposal is applied at once (a single-officer installation). Everything is audited.
 * Each kind of data keeps its proposals in its own table.
 */
public class Proposals {

    /** The audit entry types of one kind of governed data. */
    public record Kind(String table, String what, AuditType proposed, AuditType rejected, AuditType refused) {
        public static final Kind RULES = new Kind(
                "rule_proposal",
                "rules",
                AuditType.RULES_PROPOSED,
                AuditType.RULES_REJECTED,
                AuditType.RULES_APPROVAL_REFUSED);
        public static final Kind AGENCIES = new Kind(
                "agency_proposal",
                "agency register",
                AuditType.AGENCIES_PROPOSED,
                AuditType.AGENCIES_REJECTED,
                AuditType.AGENCIES_APPROVAL_REFUSED);
    }

    public enum State {
        OPEN,
        APPLIED,
        REJECTED,
        WITHDRAWN,
        SUPERSEDED
    }

    public record Proposal(
            String id,
            int version,
            String proposedBy,
            Instant proposedAt,
            String reason,
            Integer rollbackTo,
            State state,
            String decidedBy,
            Instant decidedAt,
            String decisionReason) {}

    /** What became of a request: its status, the proposal it concerns, and the problems when it was not done. */
    public record Answer(Status status, Proposal proposal, List<String> problems) {
        public boolean done() {
            return status == Status.PROPOSED || status == Status.APPLIED || status == Status.REJECTED;
        }
    }

    public enum Status {
        PROPOSED,
        APPLIED,
        REJECTED,
        /** The proposed content has problems, each naming its line. */
        INVALID,
        /** Not this officer's to do: approving one's own proposal. */
        NOT_YOURS,
        /** No longer open, or the data changed since it was proposed. */
        CONFLICT,
        NOT_FOUND
    }

    private final Kind kind;
    private final JdbcTemplate jdbc;
    private final Governed store;
    private final AuditTrail audit;
    private final Clock clock;
    private final boolean fourEyes;

    public Proposals(Kind kind, JdbcTemplate jdbc, Governed store, AuditTrail audit, Clock clock, boolean fourEyes) {
        this.kind = kind;
        this.jdbc = jdbc;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.fourEyes = fourEyes;
    }

    public Kind kind() {
        return kind;
    }

    public boolean fourEyes() {
        return fourEyes;
    }

    public Answer propose(String yaml, String who, String reason) {
        return propose(yaml, who, reason, null);
    }

    /** An earlier version's content, proposed as the next version. */
    public Answer rollBack(int toVersion, String who, String reason) {
        Optional<String> old = store.yaml(toVersion);
        if (old.isEmpty()) {
            return new Answer(Status.NOT_FOUND, null, List.of("there is no version " + toVersion));
        }
        String again = store.withVersion(old.get(), store.nextVersion());
        return propose(again, who, reason, toVersion);
    }

    private synchronized Answer propose(String yaml, String who, String reason, Integer rollbackTo) {
        Outcome check = store.validate(yaml);
        if (!check.valid()) {
            return new Answer(Status.INVALID, null, check.problems());
        }
        String id = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO " + kind.table()
                        + " (proposal_id, version, yaml, proposed_by, proposed_at, reason, rollback_to,"
                        + " state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                check.version(),
                yaml,
                who,
                Timestamp.from(Instant.now(clock)),
                reason,
                rollbackTo,
                State.OPEN.name());
        audit.append(new AuditTrail.Entry(
                kind.proposed(),
                null,
                null,
                null,
                null,
                new AuditDetail.RuleProposal(id, check.version(), who, reason, rollbackTo)));
        if (!fourEyes) {
            return apply(find(id).orElseThrow(), who, null, null);
        }
        return new Answer(Status.PROPOSED, find(id).orElseThrow(), List.of());
    }

    public synchronized Answer approve(String id, String who, String reason) {
        Optional<Proposal> found = find(id);
        if (found.isEmpty()) {
            return new Answer(Status.NOT_FOUND, null, List.of("there is no proposal " + id));
        }
        Proposal p = found.get();
        if (p.state() != State.OPEN) {
            return new Answer(
                    Status.CONFLICT,
                    p,
                    List.of("this proposal is " + p.state().name().toLowerCase()));
        }
        if (p.proposedBy().equals(who)) {
            audit.append(new AuditTrail.Entry(
                    kind.refused(),
                    null,
                    null,
                    null,
                    null,
                    new AuditDetail.RuleProposal(id, p.version(), who, "own proposal", p.rollbackTo())));
            return new Answer(
                    Status.NOT_YOURS,
                    p,
                    List.of("you proposed this change: another information governance officer must approve it"));
        }
        return apply(p, p.proposedBy(), who, reason);
    }

    /** Rejected by another officer, or withdrawn by the one who proposed it. */
    public synchronized Answer reject(String id, String who, String reason) {
        Optional<Proposal> found = find(id);
        if (found.isEmpty()) {
            return new Answer(Status.NOT_FOUND, null, List.of("there is no proposal " + id));
        }
        Proposal p = found.get();
        if (p.state() != State.OPEN) {
            return new Answer(
                    Status.CONFLICT,
                    p,
                    List.of("this proposal is " + p.state().name().toLowerCase()));
        }
        State state = p.proposedBy().equals(who) ? State.WITHDRAWN : State.REJECTED;
        decide(id, state, who, reason);
        audit.append(new AuditTrail.Entry(
                kind.rejected(),
                null,
                null,
                null,
                null,
                new AuditDetail.RuleProposal(id, p.version(), who, reason, p.rollbackTo())));
        return new Answer(Status.REJECTED, find(id).orElseThrow(), List.of());
    }

    /** Applies it; the version's reason is the proposer's, with the approver's after it. */
    private Answer apply(Proposal p, String proposedBy, String approvedBy, String approval) {
        String reason = approval == null ? p.reason() : p.reason() + " (approved: " + approval + ")";
        Outcome outcome = store.replace(yaml(p.id()).orElseThrow(), p.version(), proposedBy, approvedBy, reason);
        if (!outcome.valid()) {
            decide(
                    p.id(),
                    State.SUPERSEDED,
                    approvedBy == null ? proposedBy : approvedBy,
                    "the " + kind.what() + " changed");
            return new Answer(
                    Status.CONFLICT,
                    find(p.id()).orElseThrow(),
                    List.of("the " + kind.what() + " changed since this was proposed (now version "
                            + (store.nextVersion() - 1) + "): propose it again on it"));
        }
        decide(
                p.id(),
                State.APPLIED,
                approvedBy == null ? proposedBy : approvedBy,
                approval == null ? "applied at once (four eyes off)" : approval);
        jdbc.update(
                "UPDATE " + kind.table()
                        + " SET state = ?, decided_at = ?, decision_reason = ? WHERE state = ? AND version = ?",
                State.SUPERSEDED.name(),
                Timestamp.from(Instant.now(clock)),
                "version " + p.version() + " was applied from another proposal",
                State.OPEN.name(),
                p.version());
        return new Answer(Status.APPLIED, find(p.id()).orElseThrow(), List.of());
    }

    private void decide(String id, State state, String who, String reason) {
        jdbc.update(
                "UPDATE " + kind.table() + " SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ?"
                        + " WHERE proposal_id = ?",
                state.name(),
                who,
                Timestamp.from(Instant.now(clock)),
                reason,
                id);
    }

    public Optional<Proposal> find(String id) {
        return jdbc.query("SELECT * FROM " + kind.table() + " WHERE proposal_id = ?", Proposals::proposal, id).stream()
                .findFirst();
    }

    public Optional<String> yaml(String id) {
        return jdbc
                .queryForList("SELECT yaml FROM " + kind.table() + " WHERE proposal_id = ?", String.class, id)
                .stream()
                .findFirst();
    }

    /** The open proposals, oldest first, then the latest decided ones. */
    public List<Proposal> recent(int decided) {
        List<Proposal> all = new java.util.ArrayList<>(jdbc.query(
                "SELECT * FROM " + kind.table() + " WHERE state = 'OPEN' ORDER BY proposed_at", Proposals::proposal));
        all.addAll(jdbc.query(
                "SELECT * FROM " + kind.table()
                        + " WHERE state <> 'OPEN' ORDER BY decided_at DESC FETCH FIRST ? ROWS ONLY",
                Proposals::proposal,
                decided));
        return all;
    }

    private static Proposal proposal(ResultSet rs, int row) throws SQLException {
        Timestamp decidedAt = rs.getTimestamp("decided_at");
        return new Proposal(
                rs.getString("proposal_id"),
                rs.getInt("version"),
                rs.getString("proposed_by"),
                rs.getTimestamp("proposed_at").toInstant(),
                rs.getString("reason"),
                (Integer) rs.getObject("rollback_to"),
                State.valueOf(rs.getString("state")),
                rs.getString("decided_by"),
                decidedAt == null ? null : decidedAt.toInstant(),
                rs.getString("decision_reason"));
    }
}
