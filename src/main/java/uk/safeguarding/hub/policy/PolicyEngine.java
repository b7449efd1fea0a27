package uk.safeguarding.hub.policy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
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
    private static final uk.safeguarding.hub.message.Words W = uk.safeguarding.hub.message.Words.EN;

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
        checkSender(rules, message, senderRole);
    }

    public static void checkSender(RuleSet rules, InboundMessage message, AgencyRole senderRole) {
        EventRules eventRules = rules.forEvent(message.event())
                .orElseThrow(() -> MessageRefused.forbidden(
                        "the sharing rules accept no " + message.event().code() + " messages"));
        if (!eventRules.senders().contains(senderRole)) {
            throw MessageRefused.forbidden(
                    senderRole + " agencies may not send " + message.event().code());
        }
    }

    /**
     * Refusals that depend on the registers: a Section 47 information request needs an open enquiry for a linked
     * child (docs/decisions.md); a response must answer a request the hub delivered to the responder about the same person.
     */
    public void checkAdmissible(InboundMessage message, FamilyFacts facts, Collection<Agency> agencies) {
        if (message.event() == Event.S47_INFORMATION_REQUEST) {
            LocalDate today = LocalDate.ofInstant(message.receivedAt(), LONDON);
            boolean open = facts.linkedChildren().stream()
                    .filter(c -> c.isChildOn(today))
                    .anyMatch(c -> facts.openSection47().contains(c.key()));
            if (!open) {
                throw MessageRefused.forbidden("no Section 47 enquiry is open for a child linked to service user "
                        + message.serviceUserNhsNumber() + ": the request is refused");
            }
            if (message.namedRecipient() != null
                    && agencies.stream().noneMatch(a -> a.id().equals(message.namedRecipient()))) {
                throw MessageRefused.invalid("Task.owner names agency '" + message.namedRecipient()
                        + "', which is not in the agency register");
            }
        }
        if (message.event() == Event.S47_INFORMATION_RESPONSE) {
            FamilyFacts.AnsweredRequest request = facts.answeredRequest();
            if (request == null
                    || !Event.S47_INFORMATION_REQUEST.code().equals(request.event())
                    || !request.subjectNhs().equals(message.serviceUserNhsNumber())
                    || !request.deliveredTo().contains(message.senderAgency())) {
                throw MessageRefused.invalid("Task.basedOn '" + message.basedOn() + "' does not name a Section 47"
                        + " information request the hub delivered to " + message.senderAgency()
                        + " about service user " + message.serviceUserNhsNumber());
            }
        }
        if (message.event() == Event.REFERRAL_OUTCOME) {
            FamilyFacts.AnsweredRequest referral = facts.answeredRequest();
            if (referral == null
                    || !ANSWERABLE_REFERRALS.contains(referral.event())
                    || !referral.subjectNhs().equals(message.serviceUserNhsNumber())
                    || !referral.deliveredTo().contains(message.senderAgency())) {
                throw MessageRefused.invalid("Task.basedOn '" + message.basedOn() + "' does not name a referral the"
                        + " hub delivered to " + message.senderAgency() + " about the family of service user "
                        + message.serviceUserNhsNumber());
            }
        }
    }

    /** Referrals a referral outcome may answer: those that reached children's social care. */
    private static final Set<String> ANSWERABLE_REFERRALS =
            Set.of(Event.REFERRAL.code(), Event.PREGNANCY_SUBSTANCE_USE.code(), Event.NEONATAL_WITHDRAWAL.code());

    public List<Decision> decide(InboundMessage message, FamilyFacts facts, Collection<Agency> agencies) {
        return decide(this.rules, message, facts, agencies);
    }

    /** Decides with a given rule set: callers that also need its profiles take the set once and pass it. */
    public List<Decision> decide(
            RuleSet ruleSet, InboundMessage message, FamilyFacts facts, Collection<Agency> agencies) {
        LocalDate today = LocalDate.ofInstant(message.receivedAt(), LONDON);
        List<LinkedChild> children =
                facts.linkedChildren().stream().filter(c -> c.isChildOn(today)).toList();
        Optional<EventRules> eventRules = ruleSet.forEvent(message.event());
        // The roles that already know the family (the sender's included): a front door is for the others.
        Set<AgencyRole> knowing = EnumSet.noneOf(AgencyRole.class);
        agencies.stream()
                .filter(a -> a.id().equals(message.senderAgency()) || involved(a, facts, message))
                .forEach(a -> knowing.add(a.role()));

        List<Decision> decisions = new ArrayList<>();
        for (Agency agency :
                agencies.stream().sorted(Comparator.comparing(Agency::id)).toList()) {
            if (agency.id().equals(message.senderAgency())) {
                continue;
            }
            decisions.add(decideFor(agency, message, facts, children, today, eventRules, knowing, ruleSet.version()));
        }
        return List.copyOf(decisions);
    }

    private Decision decideFor(
            Agency agency,
            InboundMessage message,
            FamilyFacts facts,
            List<LinkedChild> children,
            LocalDate today,
            Optional<EventRules> eventRules,
            Set<AgencyRole> knowing,
            int version) {
        Optional<SharingRule> found = eventRules.flatMap(er -> er.ruleFor(agency.role()));
        if (found.isEmpty()) {
            return withhold(
                    agency,
                    null,
                    version,
                    Decision.WithheldBecause.NO_RULE,
                    List.of("no rule shares " + W.events(message.event()) + " with " + W.roles(agency.role())));
        }
        SharingRule rule = found.get();
        if (message.addressedTo() != null && agency.role() != message.addressedTo()) {
            return withhold(
                    agency,
                    rule.id(),
                    version,
                    Decision.WithheldBecause.NOT_ADDRESSED,
                    List.of("the referral is to " + W.role(message.addressedTo()) + ", not to a "
                            + W.role(agency.role())));
        }
        if (!agency.active()) {
            return withhold(
                    agency,
                    rule.id(),
                    version,
                    Decision.WithheldBecause.AGENCY_INACTIVE,
                    List.of("agency " + agency.id() + " is not active"));
        }
        if (!agency.certificateValidAt(message.receivedAt())) {
            return withhold(
                    agency,
                    rule.id(),
                    version,
                    Decision.WithheldBecause.CERTIFICATE_INVALID,
                    List.of("certificate of " + agency.id() + " is not valid ("
                            + (agency.revoked() ? "revoked" : "expired or not yet valid") + ")"));
        }
        if (rule.reach() == Reach.REQUESTER) {
            FamilyFacts.AnsweredRequest request = facts.answeredRequest();
            if (request == null || !request.senderAgency().equals(agency.id())) {
                return withhold(
                        agency,
                        rule.id(),
                        version,
                        Decision.WithheldBecause.NOT_NAMED,
                        List.of(agency.id() + " did not send the "
                                + (message.event() == Event.REFERRAL_OUTCOME ? "referral" : "request")
                                + " this message answers"));
            }
        } else if (rule.reach() == Reach.NAMED_OR_INVOLVED && message.namedRecipient() != null) {
            if (!message.namedRecipient().equals(agency.id())) {
                return withhold(
                        agency,
                        rule.id(),
                        version,
                        Decision.WithheldBecause.NOT_NAMED,
                        List.of("the message names " + message.namedRecipient() + ", not " + agency.id()));
            }
        }
        boolean frontDoor = rule.reach() == Reach.INVOLVED_OR_FRONT_DOOR
                && agency.frontDoor()
                && !knowing.contains(agency.role())
                && !involved(agency, facts, message);
        boolean reached = switch (rule.reach()) {
            case REQUESTER -> true;
            case NAMED_OR_INVOLVED -> message.namedRecipient() != null || involved(agency, facts, message);
            case INVOLVED, INVOLVED_OR_FRONT_DOOR -> involved(agency, facts, message) || frontDoor;
        };
        if (!reached) {
            return withhold(
                    agency,
                    rule.id(),
                    version,
                    Decision.WithheldBecause.NOT_INVOLVED,
                    List.of(agency.id() + " is not involved with the family"
                            + (rule.reach() == Reach.INVOLVED_OR_FRONT_DOOR
                                    ? " and is not the front door for a family no " + W.role(agency.role()) + " knows"
                                    : "")));
        }
        List<String> failed = new ArrayList<>();
        for (BasisOption option : rule.bases()) {
            Optional<String> holds = holds(option, agency.role(), message, facts, children, today);
            if (holds.isPresent()) {
                List<String> reasons = new ArrayList<>();
                reasons.add(holds.get());
                if (frontDoor) {
                    reasons.add(agency.id() + " is the front door: no " + W.role(agency.role()) + " is involved yet");
                }
                return share(agency, rule, option.basis(), message, facts, eventRules.orElseThrow(), version, reasons);
            }
            failed.add(whyNot(option, agency.role(), message, facts, today));
        }
        return withhold(agency, rule.id(), version, Decision.WithheldBecause.NO_BASIS, failed);
    }

    private Optional<String> holds(
            BasisOption option,
            AgencyRole role,
            InboundMessage message,
            FamilyFacts facts,
            List<LinkedChild> children,
            LocalDate today) {
        if (!option.when().holdsFor(message)) {
            return Optional.empty();
        }
        Set<String> childKeys = children.stream().map(LinkedChild::key).collect(Collectors.toSet());
        return switch (option.basis()) {
            case SECTION_47 ->
                childKeys.stream()
                        .filter(facts.openSection47()::contains)
                        .findFirst()
                        .map(c -> "Section 47 enquiry open for linked child " + c);
            case CHILD_PROTECTION_PLAN ->
                message.event() == Event.PREGNANCY_SUBSTANCE_USE && role != AgencyRole.CHILDRENS_SOCIAL_CARE
                        ? preBirthPlan(facts, children)
                        : childProtectionPlan(message, facts, childKeys);
            case SIGNIFICANT_HARM ->
                children.isEmpty()
                        ? Optional.empty()
                        : message.event() == Event.REFERRAL_OUTCOME
                                ? answersASignificantHarmReferral(facts)
                                : Optional.of("risk of significant harm to a linked child: "
                                        + option.when().describe(message));
            case CONSENT -> consent(role, option.purposes(), facts, today);
        };
    }

    /** An outcome goes back on the basis its referral was shared on, if it still holds (docs/decisions.md). */
    private static Optional<String> answersASignificantHarmReferral(FamilyFacts facts) {
        FamilyFacts.AnsweredRequest referral = facts.answeredRequest();
        return referral != null && Basis.SIGNIFICANT_HARM.name().equals(referral.basis())
                ? Optional.of("answers referral " + referral.hubMessageId()
                        + ", shared because of a risk of significant harm, and the child is still a child")
                : Optional.empty();
    }

    /**
     * Beyond social care a pregnancy is shared without consent only with the core group of the unborn child's own
     * pre-birth plan (Derbyshire procedure §2, Working Together §4), not of a sibling's.
     */
    private static Optional<String> preBirthPlan(FamilyFacts facts, List<LinkedChild> children) {
        return children.stream()
                .filter(LinkedChild::unborn)
                .map(LinkedChild::key)
                .filter(facts.childProtectionPlans()::contains)
                .findFirst()
                .map(c -> "pre-birth child protection plan for unborn child " + c + " (core group)");
    }

    private Optional<String> childProtectionPlan(InboundMessage message, FamilyFacts facts, Set<String> childKeys) {
        Optional<String> registered = childKeys.stream()
                .filter(facts.childProtectionPlans()::contains)
                .findFirst()
                .map(c -> "child protection plan for linked child " + c);
        if (registered.isPresent() || message.event() != Event.CP_PLAN_STATUS) {
            return registered;
        }
        // A plan that this very message ends is still the plan the core group must hear about.
        return message.flagUpdates().stream()
                .map(f -> f.childKey())
                .filter(childKeys::contains)
                .findFirst()
                .map(c -> "child protection plan status for linked child " + c + " (core group)");
    }

    /**
     * The newest standing record (one per recording agency) that concerns the role decides: a later refusal or
     * withdrawal wins over an earlier consent from another agency. It must be active, in its period, and cover one
     * of the rule's purposes.
     */
    private Optional<String> consent(AgencyRole role, Set<String> purposes, FamilyFacts facts, LocalDate today) {
        return decidingConsent(role, facts)
                .filter(c -> c.active() && c.inPeriodOn(today) && c.coversPurpose(purposes))
                .map(c -> "consent recorded by " + c.recordingAgency() + " covers " + W.roles(role)
                        + (purposes.isEmpty() || c.purposes().isEmpty()
                                ? ""
                                : " for "
                                        + W.allOf(
                                                c.purposes().stream()
                                                        .filter(purposes::contains)
                                                        .sorted()
                                                        .toList(),
                                                "purpose")));
    }

    private static Optional<ConsentRecord> decidingConsent(AgencyRole role, FamilyFacts facts) {
        return facts.consents().stream()
                .filter(c -> c.concerns(role))
                .max(Comparator.comparing(c -> c.recordedAt() == null ? java.time.Instant.EPOCH : c.recordedAt()));
    }

    private static String consentMissing(AgencyRole role, Set<String> purposes, FamilyFacts facts, LocalDate today) {
        Optional<ConsentRecord> deciding = decidingConsent(role, facts);
        if (deciding.isEmpty()) {
            return "no consent covers " + W.roles(role);
        }
        ConsentRecord c = deciding.get();
        if ("rejected".equals(c.status())) {
            return "the service user refused consent for " + W.roles(role) + " (recorded by " + c.recordingAgency()
                    + ")";
        }
        if (!c.active()) {
            return "the service user withdrew consent for " + W.roles(role) + " (recorded by " + c.recordingAgency()
                    + ")";
        }
        if (!c.inPeriodOn(today)) {
            return "the consent recorded by " + c.recordingAgency() + " for " + W.roles(role)
                    + " is outside its period";
        }
        return "the consent recorded by " + c.recordingAgency() + " covers " + W.roles(role) + " only for "
                + W.allOf(new java.util.TreeSet<>(c.purposes()), "purpose") + ", not for "
                + W.anyOf(new java.util.TreeSet<>(purposes), "purpose");
    }

    /**
     * Whether consent still lets the current rules share this event with the role: used to recall consent-based
     * shares not yet collected when consent is withdrawn.
     */
    public boolean consentHolds(AgencyRole role, Event event, FamilyFacts facts, LocalDate today) {
        return rules.forEvent(event).flatMap(er -> er.ruleFor(role)).stream()
                .flatMap(rule -> rule.bases().stream())
                .filter(option -> option.basis() == Basis.CONSENT)
                .anyMatch(
                        option -> consent(role, option.purposes(), facts, today).isPresent());
    }

    private String whyNot(
            BasisOption option, AgencyRole role, InboundMessage message, FamilyFacts facts, LocalDate today) {
        if (!option.when().holdsFor(message)) {
            return W.basis(option.basis()) + " not considered: it applies only when " + describe(option.when());
        }
        return switch (option.basis()) {
            case SECTION_47 -> "no open Section 47 enquiry for a linked child";
            case CHILD_PROTECTION_PLAN ->
                message.event() == Event.PREGNANCY_SUBSTANCE_USE && role != AgencyRole.CHILDRENS_SOCIAL_CARE
                        ? "no pre-birth child protection plan for the unborn child"
                        : "no child protection plan for a linked child";
            case SIGNIFICANT_HARM ->
                message.event() == Event.REFERRAL_OUTCOME
                        ? "the referral this answers was not shared on SIGNIFICANT_HARM, or its child is no longer one"
                        : "no linked child under 18 or unborn for a risk of significant harm";
            case CONSENT -> consentMissing(role, option.purposes(), facts, today);
        };
    }

    private static String describe(Condition c) {
        return RuleChanges.condition(c);
    }

    private static boolean involved(Agency agency, FamilyFacts facts, InboundMessage message) {
        return facts.involvedAgencies().contains(agency.id()) || agency.id().equals(message.gpAgency());
    }

    private static Decision share(
            Agency agency,
            SharingRule rule,
            Basis basis,
            InboundMessage message,
            FamilyFacts facts,
            EventRules eventRules,
            int version,
            List<String> reasons) {
        Boolean inform;
        if (basis.statutory()) {
            Optional<Assertion> risk = message.assertion(Assertion.INFORM_SUBJECT_INCREASES_RISK);
            inform = risk.isEmpty();
            risk.ifPresent(a -> reasons.add(
                    reasonMissing(message)
                            ? "service user not told, but the reason is missing: inform-subject-increases-risk came"
                                    + " without its reason; the share is on the follow-up list"
                            : "service user not told: " + a.reason()));
        } else {
            inform = false;
            reasons.add("shared with the service user's consent: no separate notice");
        }
        boolean urgent =
                !eventRules.urgentWhen().always() && eventRules.urgentWhen().holdsFor(message);
        if (urgent) {
            reasons.add("urgent: " + eventRules.urgentWhen().describe(message));
        }
        String duplicateOf = null;
        if (agency.role() == AgencyRole.CHILDRENS_SOCIAL_CARE
                && isReferral(message.event(), basis)
                && !facts.earlierReferrals().isEmpty()) {
            FamilyFacts.EarlierReferral first = facts.earlierReferrals().get(0);
            duplicateOf = first.hubMessageId();
            reasons.add("already referred: " + W.event(first.event()) + " from a " + W.role(first.senderRole()) + " ("
                    + first.senderAgency() + ") reached " + first.cscAgency() + " on "
                    + uk.safeguarding.hub.message.Words.UK_TIME.format(first.referredAt())
                    + "; delivered anyway and marked as a duplicate");
        }
        return new Decision(
                agency.id(),
                agency.role(),
                Decision.Outcome.SHARE,
                basis,
                rule.id(),
                version,
                List.copyOf(reasons),
                inform,
                urgent,
                rule.profile(),
                null,
                duplicateOf,
                List.of());
    }

    /** docs/decisions.md: a child protection message never bounces on a missing reason; it is followed up instead. */
    public static boolean reasonMissing(InboundMessage message) {
        return message.assertion(Assertion.INFORM_SUBJECT_INCREASES_RISK)
                .map(a -> a.reason() == null || a.reason().isBlank())
                .orElse(false);
    }

    /**
     * A referral, or a notice the rules make a mandatory referral (pregnancy or neonatal withdrawal shared on
     * SIGNIFICANT_HARM): Middlesbrough reviews: "don't assume someone else has made the referral".
     */
    public static boolean isReferral(Event event, Basis basis) {
        return event == Event.REFERRAL
                || ((event == Event.PREGNANCY_SUBSTANCE_USE || event == Event.NEONATAL_WITHDRAWAL)
                        && basis == Basis.SIGNIFICANT_HARM);
    }

    private static Decision withhold(
            Agency agency, String ruleId, int version, Decision.WithheldBecause because, List<String> reasons) {
        return new Decision(
                agency.id(),
                agency.role(),
                Decision.Outcome.WITHHOLD,
                null,
                ruleId,
                ruleId == null ? null : version,
                List.copyOf(reasons),
                null,
                false,
                null,
                because,
                null,
                List.of());
    }
}
