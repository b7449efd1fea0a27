package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.intake.FhirJson;
import uk.safeguarding.hub.intake.IntakeResponse;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.protect.Hl7Writer;
import uk.safeguarding.hub.protect.MinimumNecessary;
import uk.safeguarding.hub.protect.PayloadSealer;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FactsCodec;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.Registers;

/**
 * Accepts a checked message in one database transaction (shared, by the {@link ChainWriter}, with other work
 * waiting at the same moment): the message and its receipt, the registers' news, a
 * decision per candidate, one sealed outbox row per share, and an audit entry for each. Either all of it is
 * stored or none of it is, so a crash leaves the message either accepted (and its shares queued for relay) or
 * not accepted (and the sender, having no 200, sends again). A resend of the same sender message id returns the
 * first receipt and adds nothing.
 */
@Component
public class MessageAcceptance {

    private final JdbcTemplate jdbc;
    private final Registers registers;
    private final SharingDecisions sharingDecisions;
    private final AgencyRegister agencies;
    private final PayloadSealer sealer;
    private final AuditTrail audit;
    private final ReceiptWriter receipts;
    private final Recalls recalls;
    private final FhirJson fhirJson;
    private final Hl7Writer hl7Writer;
    private final ChainWriter chain;

    public MessageAcceptance(JdbcTemplate jdbc, Registers registers, SharingDecisions sharingDecisions,
            AgencyRegister agencies, PayloadSealer sealer, AuditTrail audit, ReceiptWriter receipts, Recalls recalls,
            FhirJson fhirJson, Hl7Writer hl7Writer, ChainWriter chain) {
        this.chain = chain;
        this.sharingDecisions = sharingDecisions;
        this.hl7Writer = hl7Writer;
        this.recalls = recalls;
        this.fhirJson = fhirJson;
        this.jdbc = jdbc;
        this.registers = registers;
        this.agencies = agencies;
        this.sealer = sealer;
        this.audit = audit;
        this.receipts = receipts;
    }

    public Accepted accept(InboundMessage message) {
        Accepted earlier = findEarlier(message);
        if (earlier != null) {
            return earlier;
        }
        try {
            Preparation prepared = prepare(message);
            Accepted accepted = chain.write(() -> store(prepared));
            if (message.consent() != null) {
                recalls.takeOffQueues();
            }
            return accepted;
        } catch (DuplicateKeyException raced) {
            // The same message arrived twice at once; the other one won and its receipt stands.
            Accepted winner = findEarlier(message);
            if (winner == null) {
                throw raced;
            }
            return winner;
        }
    }

    /** The route's last step: the HTTP answer. */
    public IntakeResponse respond(Accepted accepted) {
        return new IntakeResponse(200, accepted.receipt());
    }

    private Accepted findEarlier(InboundMessage message) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT hub_message_id, receipt FROM inbound_message"
                + " WHERE sender_agency = ? AND sender_message_id = ?", message.senderAgency(), message.senderMessageId());
        if (rows.isEmpty()) {
            return null;
        }
        String hubId = (String) rows.get(0).get("HUB_MESSAGE_ID");
        List<String> pending = jdbc.queryForList("SELECT delivery_id FROM delivery WHERE hub_message_id = ?"
                + " AND status = 'PENDING'", String.class, hubId);
        return new Accepted(hubId, (String) rows.get(0).get("RECEIPT"), pending, true);
    }

    /** One decision made, and for a share its sealed copy, ready to be stored. */
    private record Prepared(Decision decision, Map<String, Object> detail, String deliveryId, byte[] sealed) {}

    /** Everything a message needs stored, worked out before the transaction: the slow part holds no locks. */
    private record Preparation(InboundMessage message, RuleSet rules, FamilyFacts facts, AgencyRole senderRole,
            List<Prepared> decisions, String receipt) {}

    /**
     * Decides and seals without writing: parsing, the registers' facts, the decisions, minimum necessary and the
     * CMS sealing (the costly part) happen before the transaction, so that the transaction, which holds the audit
     * chain's head lock from its first entry, holds it only for the inserts.
     */
    private Preparation prepare(InboundMessage message) {
        FamilyFacts facts = registers.factsFor(message);
        SharingDecisions.Decided decided = sharingDecisions.decide(message, facts);
        RuleSet rules = decided.rules();
        AgencyRole senderRole = decided.senderRole();
        List<Decision> decisions = decided.decisions();
        List<Prepared> prepared = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("decision", d.decision().name());
            detail.put("basis", String.valueOf(d.basis()));
            detail.put("ruleId", String.valueOf(d.ruleId()));
            detail.put("ruleVersion", String.valueOf(d.ruleVersion()));
            detail.put("reasons", d.reasons());
            detail.put("informSubject", String.valueOf(d.informSubject()));
            detail.put("urgent", d.urgent());
            detail.put("role", d.role().name());
            detail.put("senderRole", senderRole.name());
            if (message.referralLevel() != null) {
                detail.put("referralLevel", message.referralLevel());
            }
            if (d.withheldBecause() != null) {
                detail.put("withheldBecause", d.withheldBecause().name());
            }
            if (d.duplicateOf() != null) {
                detail.put("duplicateOf", d.duplicateOf());
            }
            String deliveryId = null;
            byte[] sealed = null;
            if (d.shared()) {
                Agency recipient = agencies.find(d.agency()).orElseThrow();
                MinimumNecessary.Result minimal = decided.copies().get(d.agency());
                deliveryId = UUID.randomUUID().toString();
                byte[] payload = minimal.payload();
                if (recipient.wantsHl7() && hl7Writer.maps(message.event())) {
                    payload = hl7Writer.write(message.event(), minimal.bundle(), recipient.id(), deliveryId)
                            .orElse(payload);
                    detail.put("format", "HL7v2");
                }
                sealed = sealer.seal(payload, recipient.certificate());
                detail.put("profile", d.profile());
                detail.put("removed", minimal.removed());
                detail.put("deliveryId", deliveryId);
            }
            prepared.add(new Prepared(d, detail, deliveryId, sealed));
        }
        return new Preparation(message, rules, facts, senderRole, prepared, receipts.receipt(message, decisions));
    }

    private Accepted store(Preparation p) {
        InboundMessage message = p.message();
        jdbc.update("INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                + " received_at, rule_version, body, facts, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.hubMessageId(), message.senderAgency(), message.senderMessageId(), message.event().code(),
                message.serviceUserNhsNumber(), Timestamp.from(message.receivedAt()), p.rules().version(),
                fhirJson.encode(message), FactsCodec.write(p.facts()), p.receipt());
        Map<String, Object> received = new LinkedHashMap<>();
        received.put("senderMessageId", message.senderMessageId());
        received.put("senderRole", p.senderRole().name());
        received.put("linkedChildren", message.linkedChildren().size());
        received.put("ruleVersion", p.rules().version());
        if (message.referralLevel() != null) {
            received.put("referralLevel", message.referralLevel());
        }
        if (message.treatmentStatus() != null) {
            received.put("treatmentStatus", message.treatmentStatus());
        }
        if (message.basedOn() != null) {
            received.put("basedOn", message.basedOn());
        }
        message.assertions().forEach(a -> received.put("assertion:" + a.code(), String.valueOf(a.reason())));
        audit.append(entry("RECEIVED", message, message.senderAgency(), received));

        List<String> deliveryIds = new ArrayList<>();
        List<String> recipients = new ArrayList<>();
        for (Prepared prepared : p.decisions()) {
            Decision d = prepared.decision();
            if (d.shared()) {
                jdbc.update("INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency,"
                        + " basis, urgent, received_at, size_bytes, status, payload, duplicate_of) VALUES (?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, 'PENDING', ?, ?)", prepared.deliveryId(), message.hubMessageId(), d.agency(),
                        message.event().code(), message.senderAgency(), d.basis().name(), d.urgent(),
                        Timestamp.from(message.receivedAt()), prepared.sealed().length, prepared.sealed(),
                        d.duplicateOf());
                if (d.role() == AgencyRole.CHILDRENS_SOCIAL_CARE && PolicyEngine.isReferral(message.event(), d.basis())) {
                    registers.recordReferral(message, p.senderRole(), d.agency());
                }
                deliveryIds.add(prepared.deliveryId());
                recipients.add(d.agency());
            }
            jdbc.update("INSERT INTO decision (hub_message_id, agency, role, outcome, basis, rule_id, rule_version,"
                    + " inform_subject, urgent, profile, reasons, withheld_because, duplicate_of)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    message.hubMessageId(), d.agency(), d.role().name(), d.decision().name(),
                    d.basis() == null ? null : d.basis().name(), d.ruleId(), d.ruleVersion(), d.informSubject(),
                    d.urgent(), d.profile(), String.join("\n", d.reasons()),
                    d.withheldBecause() == null ? null : d.withheldBecause().name(), d.duplicateOf());
            audit.append(entry("DECIDED", message, d.agency(), prepared.detail()));
        }
        registers.record(message, recipients);
        if (message.consent() != null) {
            recalls.markWithdrawnShares(message, p.facts());
        }
        return new Accepted(message.hubMessageId(), p.receipt(), List.copyOf(deliveryIds), false);
    }

    private static AuditTrail.Entry entry(String type, InboundMessage m, String agency, Map<String, ?> detail) {
        return new AuditTrail.Entry(type, m.hubMessageId(), agency, m.serviceUserNhsNumber(), m.event().code(), detail);
    }
}
