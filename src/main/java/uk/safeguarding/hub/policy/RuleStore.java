package uk.safeguarding.hub.policy;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.governance.Governed;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.governance.VersionHistory;

/**
 * The sharing rules as governed data. Every version ever applied is kept in the database with who applied it and
 * why; the highest one runs. At start the rule file joins the history when its version is new; a file whose
 * version is already applied with other content stops the start (raise its version). A change through the API is
 * validated, stored as the next version, audited, and put into the engine at once; other instances pick it up
 * on their next refresh.
 */
public class RuleStore implements Governed {

    private static final Logger log = LoggerFactory.getLogger(RuleStore.class);

    /** A version in the history. */
    private final JdbcTemplate jdbc;

    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final PolicyEngine engine;
    private final Clock clock;
    private final VersionHistory versions;

    public RuleStore(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, PolicyEngine engine, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.engine = engine;
        this.clock = clock;
        this.versions = new VersionHistory(jdbc, "rule_set_version");
    }

    /** Called once at start, with the engine holding the rule file's rules. */
    public void reconcile(Path file) {
        RuleSet fromFile = engine.rules();
        Integer applied = latestVersion();
        if (applied == null || fromFile.version() > applied) {
            store(fromFile, "file:" + file, null, "rule file loaded at start", applied);
            return;
        }
        String appliedYaml = versions.yaml(applied).orElseThrow();
        if (fromFile.version() == applied && !appliedYaml.equals(fromFile.source())) {
            throw new RuleFileException(
                    file.toString(),
                    List.of("line 1: version " + applied + " is already applied"
                            + " with different rules; give the changed file a higher version (or change it through"
                            + " PUT /api/rules)"));
        }
        if (applied > fromFile.version()) {
            log.info(
                    "Running sharing rules version {} from the rule history (changed through the API); {} holds"
                            + " version {}",
                    applied,
                    file,
                    fromFile.version());
            engine.replaceRules(RuleFileLoader.parse(appliedYaml, "rule history version " + applied));
        }
    }

    /** Picks up a version another instance applied. */
    public void refresh() {
        Integer applied = latestVersion();
        if (applied != null && applied > engine.rules().version()) {
            String yaml = versions.yaml(applied).orElseThrow();
            engine.replaceRules(RuleFileLoader.parse(yaml, "rule history version " + applied));
            log.info("Now running sharing rules version {}", applied);
        }
    }

    @Override
    public Outcome validate(String yaml) {
        try {
            RuleSet proposed = RuleFileLoader.parse(yaml, "proposed rules");
            List<String> problems = versionProblems(proposed);
            return new Outcome(problems.isEmpty(), proposed.version(), problems);
        } catch (RuleFileException e) {
            return new Outcome(false, null, e.problems());
        }
    }

    /** Validates and applies; the running rules are untouched unless every check passes. */
    public Outcome replace(String yaml, String changedBy, String reason) {
        return replace(yaml, changedBy, null, reason);
    }

    /** As {@link #replace(String, String, String)}, with the second officer who approved the change. */
    @Override
    public Outcome replace(String yaml, int version, String changedBy, String approvedBy, String reason) {
        // The version is the file's own first line: validation refuses one that is no longer next.
        return replace(yaml, changedBy, approvedBy, reason);
    }

    @Override
    public String withVersion(String yaml, int version) {
        return asVersion(yaml, version);
    }

    public synchronized Outcome replace(String yaml, String changedBy, String approvedBy, String reason) {
        RuleSet proposed;
        try {
            proposed = RuleFileLoader.parse(yaml, "proposed rules");
        } catch (RuleFileException e) {
            return new Outcome(false, null, e.problems());
        }
        List<String> problems = versionProblems(proposed);
        if (!problems.isEmpty()) {
            return new Outcome(false, proposed.version(), problems);
        }
        try {
            store(proposed, changedBy, approvedBy, reason, engine.rules().version());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            return new Outcome(
                    false,
                    proposed.version(),
                    List.of("line 1: version " + proposed.version()
                            + " was applied by another change a moment ago; fetch the rules again"));
        }
        return new Outcome(true, proposed.version(), List.of());
    }

    @Override
    public List<Version> history() {
        return versions.all();
    }

    private List<String> versionProblems(RuleSet proposed) {
        List<String> problems = new ArrayList<>();
        int next = nextVersion();
        if (proposed.version() != next) {
            problems.add("line 1: version must be " + next + " (the running rules are version "
                    + engine.rules().version() + "); every change is a new version");
        }
        return problems;
    }

    private void store(RuleSet rules, String changedBy, String approvedBy, String reason, Integer previous) {
        tx.executeWithoutResult(status -> {
            jdbc.update(
                    "INSERT INTO rule_set_version (version, yaml, changed_by, approved_by, reason, changed_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    rules.version(),
                    rules.source(),
                    changedBy,
                    approvedBy,
                    reason,
                    Timestamp.from(Instant.now(clock)));
            audit.append(new AuditTrail.Entry(
                    AuditType.RULES_CHANGED,
                    null,
                    null,
                    null,
                    null,
                    new AuditDetail.RulesChanged(
                            rules.version(),
                            previous,
                            changedBy,
                            approvedBy,
                            reason,
                            Governed.sha256(rules.source()))));
        });
        engine.replaceRules(rules);
        log.info(
                "Sharing rules version {} applied by {}{}: {}",
                rules.version(),
                changedBy,
                approvedBy == null ? "" : ", approved by " + approvedBy,
                reason);
    }

    /** One applied version's rule file, as it was applied. */
    @Override
    public java.util.Optional<String> yaml(int version) {
        return versions.yaml(version);
    }

    /** The same rule file with its version line set to {@code version} (every other byte as it was). */
    public static String asVersion(String yaml, int version) {
        return yaml.replaceFirst("(?m)^version:[ \\t]*\\d+[ \\t]*$", "version: " + version);
    }

    /** The version the next change must carry. */
    @Override
    public int nextVersion() {
        Integer latest = latestVersion();
        return Math.max(engine.rules().version(), latest == null ? 0 : latest) + 1;
    }

    private Integer latestVersion() {
        return versions.latest();
    }

    /** The latest rules applied, from the history alone (for the command line, which has no running engine). */
    public static java.util.Optional<RuleSet> latestApplied(JdbcTemplate jdbc) {
        List<String> latest = jdbc.queryForList(
                "SELECT yaml FROM rule_set_version ORDER BY version DESC" + " FETCH FIRST 1 ROWS ONLY", String.class);
        return latest.stream().findFirst().map(yaml -> RuleFileLoader.parse(yaml, "rule history"));
    }
}
