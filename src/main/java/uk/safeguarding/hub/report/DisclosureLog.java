package uk.safeguarding.hub.report;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.delivery.MessageRecords;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.Registers;

/**
 * "Who has the hub told about me?" (UK GDPR Article 15 names the recipients): every disclosure the hub made about a
 * person or one of their linked children, from the audit trail's decisions (the tamper-evident record of what was
 * shared, with whom, on which basis, with what removed), oldest first. An information governance officer may mark
 * an entry as withheld from a subject access response (a safeguarding exemption, with the reason; audited); the
 * export then leaves it out and says how many were withheld, never which.
 */
@Component
public class DisclosureLog {

    /** One disclosure: a share of one message to one agency. */
    public record Disclosure(
            long seq,
            Instant decidedAt,
            String hubMessageId,
            String about,
            String aboutNhs,
            String recipient,
            String recipientName,
            String role,
            String basis,
            String event,
            String sender,
            String profile,
            List<String> removed,
            Boolean informSubject,
            String deliveryId,
            String delivery,
            Withheld withheld,
            boolean otherPeople) {}

    /** A mark that keeps an entry out of the subject access response. */
    public record Withheld(String by, Instant at, String reason) {}

    /** The log for one person; the export lists {@code released()} and counts the rest. */
    public record Log(String nhs, Set<String> children, List<Disclosure> entries) {
        public List<Disclosure> released() {
            return entries.stream().filter(d -> d.withheld() == null).toList();
        }

        public long withheldCount() {
            return entries.size() - released().size();
        }
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Registers registers;
    private final AgencyRegister agencies;
    private final Clock clock;

    private final MessageRecords messages;
    private final uk.safeguarding.hub.vault.Vault vault;

    /** Why an officer withheld an entry can name the people it protects: sealed. */
    static final String REASON = "disclosure_withheld.reason";

    public DisclosureLog(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Registers registers,
            AgencyRegister agencies,
            Clock clock,
            MessageRecords messages,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.messages = messages;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.registers = registers;
        this.agencies = agencies;
        this.clock = clock;
    }

    public Log of(String nhs) {
        Set<String> children = registers.linkedChildren(nhs);
        Set<String> people = new LinkedHashSet<>();
        people.add(nhs);
        people.addAll(children);
        Map<Long, Withheld> marks = marks();
        // A child is also disclosed in the shares of messages about an adult of the family that named them.
        Map<Long, AuditTrail.Recorded> bySeq = new java.util.TreeMap<>();
        audit.ofTypeAbout(AuditType.DECIDED, people).forEach(r -> bySeq.put(r.seq(), r));
        audit.ofTypeFor(AuditType.DECIDED, messages.namingChild(nhs)).forEach(r -> bySeq.putIfAbsent(r.seq(), r));
        List<AuditTrail.Recorded> decided = List.copyOf(bySeq.values());
        Map<String, MessageRecords.Sent> sent = messages.sent(
                decided.stream().map(AuditTrail.Recorded::hubMessageId).collect(java.util.stream.Collectors.toSet()));
        List<Disclosure> entries = new ArrayList<>();
        for (AuditTrail.Recorded r : decided) {
            AuditDetail.Decided d = r.detail(AuditDetail.Decided.class);
            if (!d.shared()) {
                continue;
            }
            MessageRecords.Sent message = sent.get(r.hubMessageId());
            String status = message == null ? null : message.statusByRecipient().get(r.agency());
            entries.add(new Disclosure(
                    r.seq(),
                    Instant.parse(r.recordedAt()),
                    r.hubMessageId(),
                    r.subjectNhs().equals(nhs)
                            ? "the person"
                            : children.contains(r.subjectNhs())
                                    ? "their child"
                                    : "the person, named in a message about an adult of their family",
                    children.contains(r.subjectNhs()) ? r.subjectNhs() : nhs,
                    r.agency(),
                    agencies.find(r.agency()).map(Agency::name).orElse(r.agency()),
                    d.role(),
                    d.basis(),
                    r.event(),
                    message == null
                            ? null
                            : agencies.find(message.sender()).map(Agency::name).orElse(message.sender()),
                    d.profile(),
                    d.removed() == null ? List.of() : d.removed(),
                    d.informSubject(),
                    d.deliveryId(),
                    status == null ? null : status.toLowerCase(),
                    marks.get(r.seq()),
                    Boolean.TRUE.equals(d.otherPeople())));
        }
        return new Log(nhs, children, List.copyOf(entries));
    }

    /** Marks an entry (by its decision's audit sequence) as withheld from a subject access response. */
    public Optional<Disclosure> withhold(String nhs, long seq, String by, String reason) {
        Optional<Disclosure> entry = find(nhs, seq);
        entry.ifPresent(d -> {
            try {
                tx.executeWithoutResult(status -> {
                    jdbc.update(
                            "INSERT INTO disclosure_withheld (decision_seq, marked_by, marked_at, reason)"
                                    + " VALUES (?, ?, ?, ?)",
                            seq,
                            by,
                            Timestamp.from(Instant.now(clock)),
                            vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, reason, REASON));
                    audit.append(new AuditTrail.Entry(
                            AuditType.DISCLOSURE_WITHHELD,
                            null,
                            d.recipient(),
                            d.aboutNhs(),
                            d.event(),
                            new AuditDetail.DisclosureMark(seq, by, reason)));
                });
            } catch (DuplicateKeyException already) {
                // Marked before: the first mark and its reason stand.
            }
        });
        return entry;
    }

    /** Takes a mark off again (the officer's reason for releasing it recorded). */
    public Optional<Disclosure> release(String nhs, long seq, String by, String reason) {
        Optional<Disclosure> entry = find(nhs, seq);
        entry.ifPresent(d -> tx.executeWithoutResult(status -> {
            if (jdbc.update("DELETE FROM disclosure_withheld WHERE decision_seq = ?", seq) == 1) {
                audit.append(new AuditTrail.Entry(
                        AuditType.DISCLOSURE_RELEASED,
                        null,
                        d.recipient(),
                        d.aboutNhs(),
                        d.event(),
                        new AuditDetail.DisclosureMark(seq, by, reason)));
            }
        }));
        return entry;
    }

    private Optional<Disclosure> find(String nhs, long seq) {
        return of(nhs).entries().stream().filter(d -> d.seq() == seq).findFirst();
    }

    private Map<Long, Withheld> marks() {
        Map<Long, Withheld> marks = new HashMap<>();
        jdbc.query("SELECT decision_seq, marked_by, marked_at, reason FROM disclosure_withheld", rs -> {
            marks.put(
                    rs.getLong(1),
                    new Withheld(
                            rs.getString(2),
                            rs.getTimestamp(3).toInstant(),
                            vault.openText(uk.safeguarding.hub.vault.Purpose.CONTENT, rs.getString(4), REASON)));
        });
        return marks;
    }
}
