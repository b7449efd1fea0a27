package uk.safeguarding.hub.protect;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.MinimumNecessary;
import uk.safeguarding.hub.policy.SharingDecisions.Decided;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The accept route's protect step: each share's minimum-necessary copy, written as HL7 v2 for a recipient that
 * asks for it, signed by the hub and encrypted to that recipient's certificate alone (CMS). The costly part of
 * acceptance, done before the store step's transaction so that it holds no lock.
 */
@Component
public class Protection {

    /** One decision, with its audit detail and, for a share, its delivery id and sealed copy. */
    public record ProtectedDecision(Decision decision, AuditDetail.Decided detail, String deliveryId, byte[] sealed) {}

    /** A decided message with every share sealed, ready to be stored. */
    public record Protected(Decided decided, List<ProtectedDecision> decisions) {}

    private final AgencyRegister agencies;
    private final uk.safeguarding.hub.register.AgencyTrust trust;
    private final PayloadSealer sealer;
    private final Hl7Writer hl7Writer;

    public Protection(
            AgencyRegister agencies,
            uk.safeguarding.hub.register.AgencyTrust trust,
            PayloadSealer sealer,
            Hl7Writer hl7Writer) {
        this.agencies = agencies;
        this.trust = trust;
        this.sealer = sealer;
        this.hl7Writer = hl7Writer;
    }

    public Protected protect(Decided decided) {
        List<ProtectedDecision> out = new ArrayList<>();
        for (Decision d : decided.decisions()) {
            if (!d.shared()) {
                out.add(new ProtectedDecision(d, detail(decided, d, null, null, false), null, null));
                continue;
            }
            Agency recipient = agencies.find(d.agency()).orElseThrow();
            MinimumNecessary.Result minimal = decided.copies().get(d.agency());
            String deliveryId = uk.safeguarding.hub.message.TimeOrderedIds.next();
            byte[] payload = minimal.payload();
            String format = null;
            if (recipient.wantsHl7() && hl7Writer.maps(decided.message().event())) {
                var hl7 = hl7Writer.write(decided.message().event(), minimal.bundle(), recipient.id(), deliveryId);
                if (hl7.isPresent()) {
                    payload = hl7.get();
                    format = "HL7v2";
                }
            }
            out.add(new ProtectedDecision(
                    d,
                    detail(decided, d, format, deliveryId, minimal.otherPeople()),
                    deliveryId,
                    sealer.seal(payload, trust.recipientsOf(recipient.id()))));
        }
        return new Protected(decided, List.copyOf(out));
    }

    private static AuditDetail.Decided detail(
            Decided decided, Decision d, String format, String deliveryId, boolean otherPeople) {
        return new AuditDetail.Decided(
                d.decision().name(),
                d.basis() == null ? null : d.basis().name(),
                d.ruleId(),
                d.ruleVersion(),
                d.reasons(),
                d.informSubject(),
                d.urgent(),
                d.role().name(),
                decided.senderRole().name(),
                decided.message().referralLevel(),
                d.withheldBecause() == null ? null : d.withheldBecause().name(),
                d.duplicateOf(),
                d.shared() ? d.profile() : null,
                d.shared() ? d.removed() : null,
                format,
                deliveryId,
                otherPeople ? Boolean.TRUE : null);
    }
}
