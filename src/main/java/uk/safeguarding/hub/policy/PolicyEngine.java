package uk.safeguarding.hub.policy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.RuleSet.BasisOption;
import uk.safeguarding.hub.policy.RuleSet.EventRules;
import uk.safeguarding.hub.policy.RuleSet.Reach;
import uk.safeguarding.hub.policy.RuleSet.SharingRule;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.ConsentRecord;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * Applies a rule set. Withhold is the default: a candidate gets the message only if a rule names its role for
 * the event, the agency is active, its certificate is valid, it is involved with the family (or is the front
 * door, where the rule allows), and one of the rule's bases holds, tried in the rule's order.
 */
public class PolicyEngine {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private volatile RuleSet rules;

    public PolicyEngine(RuleSet rules) {
        this.rules = rules;
    }

    public RuleSet rules() {
        return rules;
    }

    public void replaceRules(RuleSet newRules) {
        this.rules = newRules;
    }

    /** 403 for a sender whose role may not send the event; the catalogue has already been checked. */
    public void checkSender(InboundMessage message, AgencyRole senderRole) {
        EventRules eventRules = rules.forEvent(message.event()).orElseThrow(() -> MessageRefused.forbidden(
                "the sharing rules accept no " + message.event().code() + " messages"));
        if (!eventRules.senders().contains(senderRole)) {
            throw MessageRefused.forbidden(senderRole + " agencies may not send " + message.event().code());
        }
    }

    public List<Decision> decide(InboundMessage message, FamilyFacts facts, Collection<Agency> agencies) {
        return decide(this.rules, message, facts, agencies);
    }

    /** Decides with a given rule set: callers that also need its profiles take the set once and pass it. */
    public List<Decision> decide(RuleSet ruleSet, InboundMessage message, FamilyFacts facts,
            Collection<Agency> agencies) {
        LocalDate today = LocalDate.ofInstant(message.receivedAt(), LONDON);
        List<LinkedChild> children = facts.linkedChildren().stream().filter(c -> c.isChildOn(today)).toList();
        Optional<EventRules> eventRules = ruleSet.forEvent(message.event());
        boolean cscInvolved = agencies.stream().anyMatch(a -> a.role() == AgencyRole.CHILDRENS_SOCIAL_CARE
                && !a.id().equals(message.senderAgency()) && involved(a, facts, message));

        List<Decision> decisions = new ArrayList<>();
        for (Agency agency : agencies.stream().sorted(Comparator.comparing(Agency::id)).toList()) {
            if (agency.id().equals(message.senderAgency())) {
                continue;
            }
            decisions.add(decideFor(agency, message, facts, children, today, eventRules, cscInvolved, ruleSet.version()));
        }
        return List.copyOf(decisions);
    }

    private Decision decideFor(Agency agency, InboundMessage message, FamilyFacts facts, List<LinkedChild> children,
            LocalDate today, Optional<EventRules> eventRules, boolean cscInvolved, int version) {
        Optional<SharingRule> found = eventRules.flatMap(er -> er.ruleFor(agency.role()));
        if (found.isEmpty()) {
            return withhold(agency, null, version, List.of(
                    "no rule shares " + message.event().code() + " with " + agency.role()));
        }
        SharingRule rule = found.get();
        if (!agency.active()) {
            return withhold(agency, rule.id(), version, List.of("agency " + agency.id() + " is not active"));
        }
        if (!agency.certificateValidAt(message.receivedAt())) {
            return withhold(agency, rule.id(), version, List.of(
                    "certificate of " + agency.id() + " is not valid (expired or not yet valid)"));
        }
        boolean involved = involved(agency, facts, message);
        boolean frontDoor = rule.reach() == Reach.INVOLVED_OR_FRONT_DOOR && agency.frontDoor() && !cscInvolved
                && agency.role() == AgencyRole.CHILDRENS_SOCIAL_CARE;
        if (!involved && !frontDoor) {
            return withhold(agency, rule.id(), version, List.of(agency.id() + " is not involved with the family"
                    + (rule.reach() == Reach.INVOLVED_OR_FRONT_DOOR && agency.role() == AgencyRole.CHILDRENS_SOCIAL_CARE
                            ? " and is not the front door for a family no children's social care knows" : "")));
        }
        List<String> failed = new ArrayList<>();
        for (BasisOption option : rule.bases()) {
            Optional<String> holds = holds(option, agency.role(), message, facts, children, today);
            if (holds.isPresent()) {
                List<String> reasons = new ArrayList<>();
                reasons.add(holds.get());
                if (frontDoor) {
                    reasons.add(agency.id() + " is the front door: no children's social care is involved yet");
                }
                return share(agency, rule, option.basis(), message, eventRules.orElseThrow(), version, reasons);
            }
            failed.add(whyNot(option, agency.role(), message));
        }
        return withhold(agency, rule.id(), version, failed);
    }

    private Optional<String> holds(BasisOption option, AgencyRole role, InboundMessage message, FamilyFacts facts,
            List<LinkedChild> children, LocalDate today) {
        if (!option.when().holdsFor(message)) {
            return Optional.empty();
        }
        Set<String> childKeys = children.stream().map(LinkedChild::key).collect(Collectors.toSet());
        return switch (option.basis()) {
            case SECTION_47 -> childKeys.stream().filter(facts.openSection47()::contains).findFirst()
                    .map(c -> "Section 47 enquiry open for linked child " + c);
            case CHILD_PROTECTION_PLAN -> childProtectionPlan(message, facts, childKeys);
            case SIGNIFICANT_HARM -> children.isEmpty()
                    ? Optional.empty()
                    : Optional.of("risk of significant harm to a linked child: " + option.when().describe(message));
            case CONSENT -> consent(role, facts, today);
        };
    }

    private Optional<String> childProtectionPlan(InboundMessage message, FamilyFacts facts, Set<String> childKeys) {
        Optional<String> registered = childKeys.stream().filter(facts.childProtectionPlans()::contains).findFirst()
                .map(c -> "child protection plan for linked child " + c);
        if (registered.isPresent() || message.event() != Event.CP_PLAN_STATUS) {
            return registered;
        }
        // A plan that this very message ends is still the plan the core group must hear about.
        return message.flagUpdates().stream().map(f -> f.childNhsNumber()).filter(childKeys::contains).findFirst()
                .map(c -> "child protection plan status for linked child " + c + " (core group)");
    }

    /** The newest standing record that concerns the role decides: a later refusal or withdrawal wins. */
    private Optional<String> consent(AgencyRole role, FamilyFacts facts, LocalDate today) {
        Optional<ConsentRecord> deciding = facts.consents().stream()
                .filter(c -> c.concerns(role))
                .max(Comparator.comparing(c -> c.recordedAt() == null ? java.time.Instant.EPOCH : c.recordedAt()));
        return deciding.filter(c -> c.active() && c.inPeriodOn(today))
                .map(c -> "consent recorded by " + c.recordingAgency() + " covers " + role);
    }

    private String whyNot(BasisOption option, AgencyRole role, InboundMessage message) {
        if (!option.when().holdsFor(message)) {
            return option.basis() + " not considered: its condition " + describe(option.when()) + " is not met";
        }
        return switch (option.basis()) {
            case SECTION_47 -> "no open Section 47 enquiry for a linked child";
            case CHILD_PROTECTION_PLAN -> "no child protection plan for a linked child";
            case SIGNIFICANT_HARM -> "no linked child under 18 or unborn for a risk of significant harm";
            case CONSENT -> "no active consent covers " + role;
        };
    }

    private static String describe(Condition c) {
        List<String> parts = new ArrayList<>();
        if (!c.assertions().isEmpty()) {
            parts.add("assertion " + String.join(" or ", c.assertions()));
        }
        if (!c.referralLevels().isEmpty()) {
            parts.add("referral level " + c.referralLevels().stream().sorted().map(String::valueOf)
                    .collect(Collectors.joining(" or ")));
        }
        return "(" + String.join("; or ", parts) + ")";
    }

    private static boolean involved(Agency agency, FamilyFacts facts, InboundMessage message) {
        return facts.involvedAgencies().contains(agency.id()) || agency.id().equals(message.gpAgency());
    }

    private static Decision share(Agency agency, SharingRule rule, Basis basis, InboundMessage message,
            EventRules eventRules, int version, List<String> reasons) {
        Boolean inform;
        if (basis.statutory()) {
            Optional<Assertion> risk = message.assertion(Assertion.INFORM_SUBJECT_INCREASES_RISK);
            inform = risk.isEmpty();
            risk.ifPresent(a -> reasons.add("service user not told: " + a.reason()));
        } else {
            inform = false;
            reasons.add("shared with the service user's consent: no separate notice");
        }
        boolean urgent = !eventRules.urgentWhen().always() && eventRules.urgentWhen().holdsFor(message);
        if (urgent) {
            reasons.add("urgent: " + eventRules.urgentWhen().describe(message));
        }
        return new Decision(agency.id(), agency.role(), Decision.Outcome.SHARE, basis, rule.id(), version,
                List.copyOf(reasons), inform, urgent, rule.profile());
    }

    private static Decision withhold(Agency agency, String ruleId, int version, List<String> reasons) {
        return new Decision(agency.id(), agency.role(), Decision.Outcome.WITHHOLD, null, ruleId,
                ruleId == null ? null : version, List.copyOf(reasons), null, false, null);
    }
}
