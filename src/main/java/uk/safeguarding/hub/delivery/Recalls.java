package uk.safeguarding.hub.delivery;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * docs/decisions.md: when consent is withdrawn, consent-based messages not yet collected are recalled; statutory ones
 * stay. "Collected" means fetched: a share its recipient has already fetched but not acknowledged cannot be unseen,
 * so it stays, and its recipient is sent a {@code recall-notice} (through the follow-up's notices). Marking happens in the consent message's own transaction (so a crash cannot lose a recall); taking the
 * marked messages off their queues happens after it commits, and again in every sweep until done.
 */
@Component
public class Recalls {

    private static final Logger log = LoggerFactory.getLogger(Recalls.class);
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final JdbcTemplate jdbc;
    private final PolicyEngine policy;
    private final AgencyRegister agencies;
    private final AuditTrail audit;
    private final Mailbox mailbox;

    private final uk.safeguarding.hub.vault.Vault vault;

    public Recalls(
            JdbcTemplate jdbc,
            PolicyEngine policy,
            AgencyRegister agencies,
            AuditTrail audit,
            Mailbox mailbox,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.policy = policy;
        this.agencies = agencies;
        this.audit = audit;
        this.mailbox = mailbox;
    }

    /** Inside the acceptance transaction of a consent update; {@code facts} already hold the new record. */
    public void markWithdrawnShares(InboundMessage consentUpdate, FamilyFacts facts) {
        LocalDate today = LocalDate.ofInstant(consentUpdate.receivedAt(), LONDON);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT d.delivery_id, d.hub_message_id, d.recipient_agency,"
                        + " d.event, d.status, d.fetched_at FROM delivery d JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                        + " WHERE m.subject_nhs = ? AND d.basis = 'CONSENT' AND d.status IN ("
                        + DeliveryStatus.PENDING.sql() + ", " + DeliveryStatus.QUEUED.sql() + ")",
                vault.index(consentUpdate.serviceUserNhsNumber()));
        for (Map<String, Object> row : rows) {
            String recipient = (String) row.get("RECIPIENT_AGENCY");
            Event event = Event.fromCode((String) row.get("EVENT")).orElseThrow();
            var agency = agencies.find(recipient);
            if (agency.isPresent() && policy.consentHolds(agency.get().role(), event, facts, today)) {
                continue;
            }
            String deliveryId = (String) row.get("DELIVERY_ID");
            boolean queued = DeliveryStatus.QUEUED.name().equals(row.get("STATUS"));
            String why = "consent for " + (agency.isPresent() ? agency.get().role() : recipient) + " no longer holds ("
                    + consentUpdate.consent().status() + " recorded by " + consentUpdate.senderAgency() + ")";
            boolean fetched = queued && row.get("FETCHED_AT") != null;
            if (fetched) {
                FollowUp.owe(jdbc, Notices.Kind.RECALL_NOTICE, deliveryId, recipient, consentUpdate.receivedAt());
            } else {
                jdbc.update(
                        "UPDATE delivery SET status = ? WHERE delivery_id = ?",
                        (queued ? DeliveryStatus.RECALLING : DeliveryStatus.RECALLED).name(),
                        deliveryId);
                SealedCopies.remove(jdbc, deliveryId);
            }
            audit.append(new AuditTrail.Entry(
                    fetched ? AuditType.RECALL_NOTICE : AuditType.RECALLED,
                    (String) row.get("HUB_MESSAGE_ID"),
                    recipient,
                    consentUpdate.serviceUserNhsNumber(),
                    event.code(),
                    Map.of(
                            "deliveryId",
                            deliveryId,
                            "consentUpdate",
                            consentUpdate.hubMessageId(),
                            "reason",
                            why
                                    + (fetched
                                            ? "; the share was already fetched, so it stays and its recipient is sent"
                                                    + " a recall-notice"
                                            : "; the share was not yet collected"))));
        }
    }

    /** Takes recalled shares off their mailbox queues. Idempotent; the sweep calls it too. */
    public void takeOffQueues() {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT delivery_id, recipient_agency, queue FROM delivery"
                + " WHERE status = " + DeliveryStatus.RECALLING.sql() + " FETCH FIRST 500 ROWS ONLY");
        for (Map<String, Object> row : rows) {
            String deliveryId = (String) row.get("DELIVERY_ID");
            try {
                mailbox.remove((String) row.get("RECIPIENT_AGENCY"), deliveryId, (String) row.get("QUEUE"));
                jdbc.update(
                        "UPDATE delivery SET status = " + DeliveryStatus.RECALLED.sql()
                                + " WHERE delivery_id = ? AND status = " + DeliveryStatus.RECALLING.sql(),
                        deliveryId);
            } catch (RuntimeException e) {
                log.warn(
                        "Recall of delivery {} not finished, the sweep will try again: {}", deliveryId, e.getMessage());
            }
        }
    }
}
