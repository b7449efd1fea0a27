package uk.safeguarding.hub.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.Registers;

/**
 * The one way the hub decides a message, for intake, the explain API, the command-line explain and dry runs
 * alike: the sender's role against the rules, the checks that depend on the registers (a Section 47 request
 * needs an open enquiry; a response must answer a request), a decision per agency with revoked certificates
 * applied, and for each share its minimum-necessary copy. Before this, the four callers each did these steps
 * themselves and had drifted apart (the command line ignored revocations, dry runs the admissibility checks).
 */
@Component
public class SharingDecisions {

    /**
     * What was decided about a message, on which facts: the rules used, the sender's role, each decision, and each
     * share's minimal copy (by recipient).
     */
    public record Decided(
            InboundMessage message,
            FamilyFacts facts,
            RuleSet rules,
            AgencyRole senderRole,
            List<Decision> decisions,
            Map<String, MinimumNecessary.Result> copies) {}

    private final PolicyEngine engine;
    private final AgencyRegister agencies;
    private final AgencyTrust revocations;
    private final MinimumNecessary minimumNecessary;
    private final Registers registers;

    public SharingDecisions(
            PolicyEngine engine,
            AgencyRegister agencies,
            AgencyTrust revocations,
            MinimumNecessary minimumNecessary,
            Registers registers) {
        this.registers = registers;
        this.engine = engine;
        this.agencies = agencies;
        this.revocations = revocations;
        this.minimumNecessary = minimumNecessary;
    }

    /** The accept route's step: with the running rules, on what the registers hold about the family now. */
    public Decided decide(InboundMessage message) {
        return decide(engine.rules(), message, registers.factsFor(message));
    }

    /** With the running rules, on the facts given (explain gives only what the asking agency may know). */
    public Decided decide(InboundMessage message, FamilyFacts facts) {
        return decide(engine.rules(), message, facts);
    }

    /** Refuses as intake would (MessageRefused), else decides for every agency but the sender. */
    public Decided decide(RuleSet rules, InboundMessage message, FamilyFacts facts) {
        AgencyRole senderRole = agencies.find(message.senderAgency())
                .orElseThrow(() ->
                        MessageRefused.invalid("sender '" + message.senderAgency() + "' is not in the agency register"))
                .role();
        PolicyEngine.checkSender(rules, message, senderRole);
        engine.checkAdmissible(message, facts, agencies.all());
        List<Decision> decisions =
                new ArrayList<>(engine.decide(rules, message, facts, revocations.apply(agencies.all())));
        Map<String, MinimumNecessary.Result> copies = new LinkedHashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            Decision d = decisions.get(i);
            if (d.shared()) {
                // Information about other people goes only to children's social care, and only on a statutory basis.
                boolean otherPeopleAllowed = d.role() == AgencyRole.CHILDRENS_SOCIAL_CARE
                        && d.basis() != null
                        && d.basis().statutory();
                MinimumNecessary.Result minimal = minimumNecessary.apply(
                        message, rules.profiles().get(d.profile()), d.agency(), otherPeopleAllowed);
                decisions.set(i, d.withRemoved(minimal.removed()));
                copies.put(d.agency(), minimal);
            }
        }
        return new Decided(message, facts, rules, senderRole, List.copyOf(decisions), Map.copyOf(copies));
    }
}
