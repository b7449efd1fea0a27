package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.message.Accepted;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.FhirJson;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.SharingDecisions.Decided;
import uk.safeguarding.hub.protect.Protection.Protected;
import uk.safeguarding.hub.protect.Protection.ProtectedDecision;
import uk.safeguarding.hub.register.FactsCodec;
import uk.safeguarding.hub.register.Registers;

/**
 * The accept route's store step: a decided and sealed message stored in one database transaction (shared, by the
 * {@link ChainWriter}, with other work waiting at the same moment): the message and its receipt, the registers'
 * news, a decision per candidate, one sealed outbox row per share, and an audit entry for each. Either all of it
 * is stored or none of it is, so a crash leaves the message either accepted (and its shares queued for relay) or
 * not accepted (and the sender, having no answer, sends again). A resend of the same sender message id returns
 * the first receipt and adds nothing ({@link #earlier}, the route's first step).
 */
@Component
public class MessageAcceptance {

    private final JdbcTemplate jdbc;
    private final Registers registers;
    private final AuditTrail audit;
    private final ReceiptWriter receipts;
    private final Recalls recalls;
    private final FhirJson fhirJson;
    private final ChainWriter chain;

    private final uk.safeguarding.hub.vault.Vault vault;

    /** Where the sealed content lives: each value opens only there. */
    static final String BODY = "inbound_message.body";

    static final String FACTS = "inbound_message.facts";

    static final String RECEIPT = "inbound_message.receipt";

    static final String SUMMARY = "delivery.summary";

    static final String SUBJECT = "inbound_message.subject";

    /** The service user's NHS number as a message's row keeps it: sealed beside its keyed hash. */
    static String subject(uk.safeguarding.hub.vault.Vault vault, Object sealed) {
        return vault.openText(uk.safeguarding.hub.vault.Purpose.CONTENT, (String) sealed, SUBJECT);
    }

    /** A decision's reasons may quote what the sender wrote about the family. */
    static final String REASONS = "decision.reasons";

    public MessageAcceptance(
            JdbcTemplate jdbc,
            Registers registers,
            AuditTrail audit,
            ReceiptWriter receipts,
            Recalls recalls,
            FhirJson fhirJson,
            ChainWriter chain,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.registers = registers;
        this.audit = audit;
        this.receipts = receipts;
        this.recalls = recalls;
        this.fhirJson = fhirJson;
        this.chain = chain;
    }

    /** The acceptance of an earlier message with the same sender and sender message id, or null. */
    public Accepted earlier(InboundMessage message) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT hub_message_id, receipt FROM inbound_message"
                        + " WHERE sender_agency = ? AND sender_message_id = ?",
                message.senderAgency(),
                message.senderMessageId());
        if (rows.isEmpty()) {
            return null;
        }
        String hubId = (String) rows.get(0).get("HUB_MESSAGE_ID");
        List<String> pending = jdbc.queryForList(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ?" + " AND status = ?",
                String.class,
                hubId,
                DeliveryStatus.PENDING.name());
        return new Accepted(
                hubId,
                vault.openText(
                        uk.safeguarding.hub.vault.Purpose.CONTENT,
                        (String) rows.get(0).get("RECEIPT"),
                        RECEIPT),
                pending,
                true,
                message.consent() != null);
    }

    public Accepted store(Protected sealed) {
        InboundMessage message = sealed.decided().message();
        String receipt = receipts.receipt(
                message,
                sealed.decisions().stream().map(ProtectedDecision::decision).toList());
        try {
            return chain.write(() -> insert(sealed, receipt));
        } catch (DuplicateKeyException raced) {
            // The same message arrived twice at once; the other one won and its receipt stands.
            Accepted winner = earlier(message);
            if (winner == null) {
                throw raced;
            }
            return winner;
        }
    }

    private Accepted insert(Protected sealed, String receipt) {
        Decided decided = sealed.decided();
        InboundMessage message = decided.message();
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                        + " subject_sealed, received_at, rule_version, body, facts, receipt)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.hubMessageId(),
                message.senderAgency(),
                message.senderMessageId(),
                message.event().code(),
                // Found by its keyed hash; the number itself sealed.
                vault.index(message.serviceUserNhsNumber()),
                vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, message.serviceUserNhsNumber(), SUBJECT),
                Timestamp.from(message.receivedAt()),
                decided.rules().version(),
                // The message as received and what the hub learned of the family: sealed, never in clear.
                vault.seal(uk.safeguarding.hub.vault.Purpose.CONTENT, fhirJson.encode(message), BODY),
                vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, FactsCodec.write(decided.facts()), FACTS),
                vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, receipt, RECEIPT));
        List<Object[]> named = message.linkedChildren().stream()
                .map(LinkedChild::nhsNumber)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .map(child ->
                        new Object[] {message.hubMessageId(), vault.index(child), Timestamp.from(message.receivedAt())})
                .toList();
        if (!named.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO message_child (hub_message_id, child_nhs, received_at) VALUES (?, ?, ?)", named);
        }
        // The receipt with every decision to withhold, then each share's decision: one batch of audit entries.
        List<AuditTrail.Entry> entries = new ArrayList<>();
        Map<String, AuditDetail.Decided> withheld = new java.util.TreeMap<>();
        entries.add(null); // the receipt's place, filled once the withheld decisions are known

        List<String> deliveryIds = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        // Each table's rows in one batch: one statement for the decisions, one for the shares, one for their copies.
        List<Object[]> shares = new ArrayList<>();
        List<Object[]> copies = new ArrayList<>();
        List<Object[]> decisions = new ArrayList<>();
        for (ProtectedDecision p : sealed.decisions()) {
            Decision d = p.decision();
            if (d.shared()) {
                shares.add(new Object[] {
                    p.deliveryId(),
                    message.hubMessageId(),
                    d.agency(),
                    message.event().code(),
                    message.senderAgency(),
                    d.basis().name(),
                    d.urgent(),
                    Timestamp.from(message.receivedAt()),
                    p.sealed().length,
                    DeliveryStatus.PENDING.name(),
                    d.duplicateOf(),
                    // What the share says in short (substances, dates): clinical, so sealed.
                    vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, summary(decided, d.agency()), SUMMARY)
                });
                copies.add(new Object[] {p.deliveryId(), p.sealed()});
                if (d.role() == AgencyRole.CHILDRENS_SOCIAL_CARE
                        && PolicyEngine.isReferral(message.event(), d.basis())) {
                    registers.recordReferral(
                            message, decided.senderRole(), d.agency(), d.basis().name());
                }
                deliveryIds.add(p.deliveryId());
                recipients.add(d.agency());
            }
            decisions.add(new Object[] {
                message.hubMessageId(),
                d.agency(),
                d.role().name(),
                d.decision().name(),
                d.basis() == null ? null : d.basis().name(),
                d.ruleId(),
                d.ruleVersion(),
                d.informSubject(),
                d.urgent(),
                d.profile(),
                vault.sealText(uk.safeguarding.hub.vault.Purpose.CONTENT, String.join("\n", d.reasons()), REASONS),
                d.withheldBecause() == null ? null : d.withheldBecause().name(),
                d.duplicateOf(),
                Timestamp.from(message.receivedAt())
            });
            if (d.shared()) {
                entries.add(entry(AuditType.DECIDED, message, d.agency(), p.detail()));
            } else {
                withheld.put(d.agency(), p.detail());
            }
        }
        entries.set(0, entry(AuditType.RECEIVED, message, message.senderAgency(), received(decided, withheld)));
        audit.appendAll(entries);
        if (!shares.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency,"
                            + " basis, urgent, received_at, size_bytes, status, duplicate_of, summary)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    shares);
            SealedCopies.storeAll(jdbc, copies);
        }
        if (!decisions.isEmpty()) {
            jdbc.batchUpdate(
                    "INSERT INTO decision (hub_message_id, agency, role, outcome, basis, rule_id, rule_version,"
                            + " inform_subject, urgent, profile, reasons, withheld_because, duplicate_of, received_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    decisions);
        }
        registers.record(message, recipients);
        if (PolicyEngine.reasonMissing(message)
                && sealed.decisions().stream()
                        .anyMatch(p ->
                                p.decision().shared() && p.decision().basis().statutory())) {
            FollowUp.owe(
                    jdbc,
                    Notices.Kind.REASON_MISSING,
                    message.hubMessageId(),
                    message.senderAgency(),
                    message.receivedAt());
            audit.append(entry(
                    AuditType.REASON_MISSING,
                    message,
                    message.senderAgency(),
                    Map.of("assertion", Assertion.INFORM_SUBJECT_INCREASES_RISK)));
        }
        if (message.consent() != null) {
            recalls.markWithdrawnShares(message, decided.facts());
        }
        return new Accepted(
                message.hubMessageId(), receipt, List.copyOf(deliveryIds), false, message.consent() != null);
    }

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /** The share's chronology fields, from the copy its recipient was sent. */
    private static String summary(Decided decided, String agency) {
        var copy = decided.copies().get(agency);
        return copy == null || copy.bundle() == null ? null : JSON.writeValueAsString(ShareSummary.of(copy.bundle()));
    }

    private static AuditDetail.Received received(Decided decided, Map<String, AuditDetail.Decided> withheld) {
        InboundMessage m = decided.message();
        java.time.LocalDate today = java.time.LocalDate.ofInstant(m.receivedAt(), java.time.ZoneId.of("Europe/London"));
        List<LinkedChild> children = decided.facts().linkedChildren().stream()
                .filter(c -> c.isChildOn(today))
                .toList();
        Map<String, String> assertions = new LinkedHashMap<>();
        m.assertions().forEach(a -> assertions.put(a.code(), String.valueOf(a.reason())));
        return new AuditDetail.Received(
                m.senderMessageId(),
                decided.senderRole().name(),
                m.linkedChildren().size(),
                decided.rules().version(),
                m.referralLevel(),
                m.treatmentStatus(),
                m.basedOn(),
                assertions.isEmpty() ? null : assertions,
                m.addressedTo() == null ? null : m.addressedTo().name(),
                m.referralOutcome(),
                (int) children.stream().filter(c -> !c.unborn()).count(),
                (int) children.stream().filter(LinkedChild::unborn).count(),
                withheld.isEmpty() ? null : withheld);
    }

    private static AuditTrail.Entry entry(AuditType type, InboundMessage m, String agency, Object detail) {
        return new AuditTrail.Entry(
                type,
                m.hubMessageId(),
                agency,
                m.serviceUserNhsNumber(),
                m.event().code(),
                detail);
    }
}
