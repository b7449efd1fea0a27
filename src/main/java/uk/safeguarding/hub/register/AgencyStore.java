package uk.safeguarding.hub.register;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.governance.Governed;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.governance.VersionHistory;

/**
 * The agency register as governed data, like the rules: every version kept with who changed it, who approved it
 * and why, the highest one in force. The register file seeds the first version at start; while nobody has changed
 * the register through the hub, a changed file becomes a new version at the next start (so the development PKI,
 * made again, still matches). Once changed through the hub, the file is not read again (a line in the log says
 * so when it differs).
 *
 * <p>Beside the versions: each newer certificate's first use (which ends the older one) and the certificates
 * revoked through the hub. Every instance picks up all three on its next refresh ({@code
 * hub.register.refresh-period}); the one that made the change at once.
 */
public class AgencyStore implements Governed {

    private static final Logger log = LoggerFactory.getLogger(AgencyStore.class);
    static final String FROM_FILE = "file:";

    /** A version in the history. */
    /** A certificate revoked through the hub. */
    public record Revocation(
            String fingerprint, String agency, String serial, Instant revokedAt, String revokedBy, String reason) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final AgencyRegister register;
    private final AgencyTrust trust;
    private final Clock clock;
    private final VersionHistory versions;
    private final List<Consumer<Collection<Agency>>> listeners = new CopyOnWriteArrayList<>();
    private volatile String seen = "";
    private volatile Consumer<X509Certificate> intoCaList = c -> {};

    public AgencyStore(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            AgencyRegister register,
            AgencyTrust trust,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.register = register;
        this.trust = trust;
        this.clock = clock;
        this.versions = new VersionHistory(jdbc, "agency_register_version");
        trust.onNewerUsed(this::firstUsed);
    }

    /** Hears every register put in force (the broker lays out a new agency's queues). */
    public void onChange(Consumer<Collection<Agency>> listener) {
        listeners.add(listener);
    }

    /** Where the hub holds the CA's key (the development PKI): a revocation also goes into the CA's list. */
    public void intoCaList(Consumer<X509Certificate> writer) {
        this.intoCaList = writer;
    }

    /** Called once at start, with the register holding the file's agencies. */
    public void reconcile(Path file) {
        String fromFile = AgencyRegisterYaml.write(register.all());
        Integer latest = latestVersion();
        if (latest == null) {
            store(fromFile, 1, FROM_FILE + file, null, "agency register file loaded at start", null);
        } else {
            String applied = yaml(latest).orElseThrow();
            boolean onlyFiles = jdbc.queryForObject(
                            "SELECT COUNT(*) FROM agency_register_version WHERE changed_by NOT LIKE 'file:%'",
                            Integer.class)
                    == 0;
            if (!applied.equals(fromFile)) {
                if (onlyFiles) {
                    store(fromFile, latest + 1, FROM_FILE + file, null, "agency register file changed", latest);
                } else {
                    log.info(
                            "Agency register version {} from the register history (changed through the hub) is in"
                                    + " force; {} differs and is not read again",
                            latest,
                            file);
                }
            }
        }
        refresh();
    }

    /** Puts in force what another instance changed: a version, a certificate's first use, a revocation. */
    public synchronized void refresh() {
        Integer latest = latestVersion();
        Map<String, Instant> uses = firstUses();
        List<Revocation> revoked = revocations();
        String now = latest + "/" + uses.size() + "/" + revoked.size();
        if (now.equals(seen)) {
            return;
        }
        trust.revokedByHub(revoked.stream().map(Revocation::fingerprint).collect(java.util.stream.Collectors.toSet()));
        List<Agency> agencies =
                AgencyRegisterYaml.read(yaml(latest).orElseThrow(), "agency register version " + latest);
        List<Agency> effective = agencies.stream().map(a -> endOlder(a, uses)).toList();
        boolean newVersion = latest != register.version();
        register.replace(effective, latest);
        seen = now;
        if (newVersion) {
            log.info("Agency register version {} in force: {} agencies", latest, effective.size());
        }
        listeners.forEach(l -> l.accept(effective));
    }

    /** An older certificate ends when the newer one is first used, if its own end is not sooner. */
    private static Agency endOlder(Agency a, Map<String, Instant> uses) {
        if (a.certificates().size() < 2) {
            return a;
        }
        Agency.HeldCertificate newest = a.certificates().get(0);
        Instant used = uses.get(AgencyTrust.fingerprint(newest.certificate()));
        if (used == null) {
            return a;
        }
        List<Agency.HeldCertificate> held = new ArrayList<>();
        held.add(newest);
        a.certificates().stream().skip(1).map(h -> h.endingAt(used)).forEach(held::add);
        return a.holding(held);
    }

    @Override
    public Outcome validate(String yaml) {
        List<Agency> proposed;
        try {
            Set<String> held = new java.util.HashSet<>();
            register.all()
                    .forEach(a -> a.certificates().forEach(h -> held.add(AgencyTrust.fingerprint(h.certificate()))));
            proposed = AgencyRegisterFile.parse(yaml, "proposed agency register", trust.issuer(), held);
        } catch (RegisterFileException e) {
            return new Outcome(false, null, e.problems());
        }
        List<String> problems = new ArrayList<>();
        Set<String> ids = proposed.stream().map(Agency::id).collect(java.util.stream.Collectors.toSet());
        for (Agency a : register.all()) {
            if (!ids.contains(a.id())) {
                problems.add("line 1: agency '" + a.id() + "' is missing: an agency is deactivated (active: false),"
                        + " never removed, so that its history stays readable");
            }
        }
        return new Outcome(problems.isEmpty(), nextVersion(), problems);
    }

    @Override
    public synchronized Outcome replace(String yaml, int version, String changedBy, String approvedBy, String reason) {
        Outcome check = validate(yaml);
        if (!check.valid()) {
            return check;
        }
        if (version != nextVersion()) {
            return new Outcome(
                    false,
                    version,
                    List.of("line 1: the register is now version " + (nextVersion() - 1) + ", not " + (version - 1)
                            + ": propose the change again on it"));
        }
        try {
            store(yaml, version, changedBy, approvedBy, reason, latestVersion());
        } catch (DuplicateKeyException raced) {
            return new Outcome(false, version, List.of("line 1: version " + version + " was applied a moment ago"));
        }
        refresh();
        return new Outcome(true, version, List.of());
    }

    /** The register in force with one agency added or replaced, as the text of the next version. */
    public String with(Agency changed) {
        Map<String, Agency> byId = new LinkedHashMap<>();
        register.all().forEach(a -> byId.put(a.id(), a));
        byId.put(changed.id(), changed);
        return AgencyRegisterYaml.write(byId.values());
    }

    /**
     * The register in force with one agency's entry changed by {@code change} (the register file's keys; a key
     * left out keeps its value, a null one is removed), as the text of the next version. A new agency's entry is
     * {@code change} alone.
     */
    public String withEntry(String id, Map<String, Object> change) {
        Map<String, Map<String, Object>> entries = AgencyRegisterYaml.entries(register.all());
        Map<String, Object> entry = new LinkedHashMap<>(entries.getOrDefault(id, Map.of()));
        change.forEach((k, v) -> {
            if (v == null) {
                entry.remove(k);
            } else {
                entry.put(k, v);
            }
        });
        entries.put(id, entry);
        return AgencyRegisterYaml.write(entries);
    }

    /**
     * The register in force with a new certificate for the agency beside its newest one, which ends at {@code
     * oldUntil} (a date or time) if given, else when the new one is first used. Older ones are dropped.
     */
    public String withNewCertificate(String id, String pem, String oldUntil) {
        Agency agency = register.find(id).orElseThrow();
        List<Map<String, Object>> held = new ArrayList<>();
        held.add(new LinkedHashMap<>(Map.of("certificate", pem.strip() + "\n")));
        agency.certificatesInForce(Instant.now(clock)).stream().findFirst().ifPresent(c -> {
            Map<String, Object> old = new LinkedHashMap<>();
            old.put("certificate", uk.safeguarding.hub.register.Pem.text(c));
            if (oldUntil != null && !oldUntil.isBlank()) {
                old.put("until", oldUntil.strip());
            }
            held.add(old);
        });
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("certificates", held);
        return withEntry(id, change);
    }

    @Override
    public Optional<String> yaml(int version) {
        return versions.yaml(version);
    }

    @Override
    public int nextVersion() {
        Integer latest = latestVersion();
        return (latest == null ? 0 : latest) + 1;
    }

    @Override
    public String withVersion(String yaml, int version) {
        return yaml;
    }

    @Override
    public List<Version> history() {
        return versions.all();
    }

    /**
     * Ends the older certificate of a rotation, once, on every instance: the first instance to record the newer
     * one's first use audits it. Never fails the connection that used it.
     */
    void firstUsed(Agency agency, X509Certificate newer) {
        String fingerprint = AgencyTrust.fingerprint(newer);
        try {
            tx.executeWithoutResult(status -> {
                jdbc.update(
                        "INSERT INTO certificate_use (fingerprint, agency_id, first_used) VALUES (?, ?, ?)",
                        fingerprint,
                        agency.id(),
                        Timestamp.from(Instant.now(clock)));
                audit.append(new AuditTrail.Entry(
                        AuditType.CERTIFICATE_FIRST_USED,
                        null,
                        agency.id(),
                        null,
                        null,
                        new AuditDetail.CertificateEvent(
                                agency.id(),
                                fingerprint,
                                newer.getSerialNumber().toString(),
                                agency.id(),
                                "the newer certificate was used: the older one ends")));
            });
            log.info("Agency {} used its new certificate {}: its older one ends", agency.id(), fingerprint);
        } catch (DuplicateKeyException already) {
            // Another connection or instance recorded it first.
        } catch (RuntimeException e) {
            log.warn("Could not record agency {}'s first use of its new certificate: {}", agency.id(), e.toString());
            return;
        }
        refresh();
    }

    /**
     * Revokes one of an agency's certificates at once (no second officer: a compromised key must stop working
     * now). It authenticates nowhere and nothing is encrypted to it from this moment, on every instance at its
     * next refresh.
     */
    public synchronized Optional<Revocation> revoke(String agencyId, String fingerprint, String by, String reason) {
        Optional<Agency> agency = register.find(agencyId);
        Optional<X509Certificate> held = agency.flatMap(a -> a.certificates().stream()
                .map(Agency.HeldCertificate::certificate)
                .filter(c -> AgencyTrust.fingerprint(c).equals(fingerprint))
                .findFirst());
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Instant now = Instant.now(clock);
        try {
            tx.executeWithoutResult(status -> {
                jdbc.update(
                        "INSERT INTO certificate_revocation (fingerprint, agency_id, serial, issuer, revoked_at,"
                                + " revoked_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        fingerprint,
                        agencyId,
                        held.get().getSerialNumber().toString(),
                        held.get().getIssuerX500Principal().getName(),
                        Timestamp.from(now),
                        by,
                        reason);
                audit.append(new AuditTrail.Entry(
                        AuditType.CERTIFICATE_REVOKED,
                        null,
                        agencyId,
                        null,
                        null,
                        new AuditDetail.CertificateEvent(
                                agencyId,
                                fingerprint,
                                held.get().getSerialNumber().toString(),
                                by,
                                reason)));
            });
            intoCaList.accept(held.get());
        } catch (DuplicateKeyException already) {
            // Revoked before: the first revocation stands.
        }
        log.warn("Certificate {} of agency {} revoked by {}: {}", fingerprint, agencyId, by, reason);
        refresh();
        return revocations().stream()
                .filter(r -> r.fingerprint().equals(fingerprint))
                .findFirst();
    }

    public List<Revocation> revocations() {
        return jdbc.query(
                "SELECT * FROM certificate_revocation ORDER BY revoked_at",
                (rs, i) -> new Revocation(
                        rs.getString("fingerprint"),
                        rs.getString("agency_id"),
                        rs.getString("serial"),
                        rs.getTimestamp("revoked_at").toInstant(),
                        rs.getString("revoked_by"),
                        rs.getString("reason")));
    }

    /** When each newer certificate was first used, by fingerprint. */
    public Map<String, Instant> firstUses() {
        Map<String, Instant> uses = new HashMap<>();
        jdbc.query("SELECT fingerprint, first_used FROM certificate_use", rs -> {
            uses.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        return uses;
    }

    private Integer latestVersion() {
        return versions.latest();
    }

    private void store(String yaml, int version, String changedBy, String approvedBy, String reason, Integer previous) {
        List<String> changes = previous == null
                ? List.of("first version")
                : changes(
                        AgencyRegisterYaml.read(yaml(previous).orElseThrow(), "version " + previous),
                        AgencyRegisterYaml.read(yaml, "version " + version));
        tx.executeWithoutResult(status -> {
            jdbc.update(
                    "INSERT INTO agency_register_version (version, yaml, changed_by, approved_by, reason, changed_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    version,
                    yaml,
                    changedBy,
                    approvedBy,
                    reason,
                    Timestamp.from(Instant.now(clock)));
            audit.append(new AuditTrail.Entry(
                    AuditType.AGENCIES_CHANGED,
                    null,
                    null,
                    null,
                    null,
                    new AuditDetail.AgenciesChanged(
                            version, previous, changes, changedBy, approvedBy, reason, Governed.sha256(yaml))));
        });
        log.info(
                "Agency register version {} applied by {}{}: {} ({})",
                version,
                changedBy,
                approvedBy == null ? "" : ", approved by " + approvedBy,
                reason,
                String.join("; ", changes));
    }

    /** What a version changed, agency by agency: "added x", "deactivated x", "x: certificates, contacts". */
    static List<String> changes(List<Agency> before, List<Agency> after) {
        Map<String, Map<String, Object>> old = new HashMap<>();
        before.forEach(a -> old.put(a.id(), AgencyRegisterYaml.entry(a)));
        List<String> changes = new ArrayList<>();
        for (Agency a : after) {
            Map<String, Object> was = old.get(a.id());
            Map<String, Object> is = AgencyRegisterYaml.entry(a);
            if (was == null) {
                changes.add("added " + a.id());
                continue;
            }
            if (Boolean.TRUE.equals(was.get("active")) && !a.active()) {
                changes.add("deactivated " + a.id());
                continue;
            }
            List<String> fields = new ArrayList<>();
            java.util.Set<String> keys = new java.util.TreeSet<>(was.keySet());
            keys.addAll(is.keySet());
            for (String k : keys) {
                if (!java.util.Objects.equals(was.get(k), is.get(k))) {
                    fields.add(k);
                }
            }
            if (!fields.isEmpty()) {
                changes.add(a.id() + ": " + String.join(", ", fields));
            }
        }
        return changes.isEmpty() ? List.of("no change") : changes;
    }
}
