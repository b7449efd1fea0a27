package uk.safeguarding.hub.explain;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.EventDetails;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.ConsentRecord;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * "What if": the decisions the running rules would make for a family situation an officer describes (an event, its
 * sender, consent, an enquiry, a plan, a pregnancy or a child's age, the sender's assertions, a referral level), for
 * every agency in the register, through the same {@link PolicyEngine} as intake. Nobody real is involved, so
 * nothing is read from the registers, stored or sent.
 */
@Component
public class WhatIf {

    /** The family in the question stands for nobody: these keys never meet a real NHS number. */
    static final String SERVICE_USER = "what-if-service-user";

    static final String CHILD = "what-if-child";

    /**
     * The situation: {@code consentRoles} empty means no consent on record; {@code childAge} null with {@code
     * pregnancy} false means no child; {@code answering} the agency whose request or referral the message answers.
     */
    public record Situation(
            Event event,
            String sender,
            Set<AgencyRole> consentRoles,
            Set<String> consentPurposes,
            boolean section47,
            boolean plan,
            boolean pregnancy,
            Integer childAge,
            Set<String> assertions,
            Integer referralLevel,
            AgencyRole referralTo,
            Set<String> involved,
            String answering) {}

    /** The decisions, with the rules that made them; or why intake would refuse the message. */
    public record Answer(List<Decision> decisions, RuleSet rules, String refused) {}

    private final PolicyEngine engine;
    private final AgencyRegister agencies;
    private final AgencyTrust revocations;
    private final Clock clock;

    public WhatIf(PolicyEngine engine, AgencyRegister agencies, AgencyTrust revocations, Clock clock) {
        this.engine = engine;
        this.agencies = agencies;
        this.revocations = revocations;
        this.clock = clock;
    }

    public Answer ask(Situation s) {
        RuleSet rules = engine.rules();
        Instant now = Instant.now(clock);
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Europe/London"));
        List<LinkedChild> children = new ArrayList<>();
        String childKey = null;
        if (s.pregnancy()) {
            LinkedChild unborn = LinkedChild.unborn(SERVICE_USER, today.plusMonths(4));
            children.add(unborn);
            childKey = unborn.key();
        }
        if (s.childAge() != null) {
            children.add(new LinkedChild(CHILD, today.minusYears(s.childAge()).minusDays(1), null, "CHILD"));
            childKey = CHILD;
        }
        Set<String> flagged = childKey == null ? Set.of() : Set.of(childKey);
        List<ConsentRecord> consents = s.consentRoles().isEmpty()
                ? List.of()
                : List.of(new ConsentRecord(
                        s.sender(),
                        "active",
                        Set.copyOf(s.consentRoles()),
                        Set.copyOf(s.consentPurposes()),
                        today.minusMonths(1),
                        null,
                        now.minusSeconds(86_400)));
        FamilyFacts.AnsweredRequest answered = s.answering() == null
                        || s.answering().isBlank()
                ? null
                : new FamilyFacts.AnsweredRequest(
                        "what-if-request",
                        s.event() == Event.REFERRAL_OUTCOME
                                ? Event.REFERRAL.code()
                                : Event.S47_INFORMATION_REQUEST.code(),
                        s.answering(),
                        SERVICE_USER,
                        Set.of(s.sender()),
                        s.assertions().contains(Assertion.SIGNIFICANT_HARM_RISK) ? "SIGNIFICANT_HARM" : "CONSENT");
        FamilyFacts facts = new FamilyFacts(
                SERVICE_USER,
                List.copyOf(children),
                s.section47() ? flagged : Set.of(),
                s.plan() ? flagged : Set.of(),
                consents,
                Set.copyOf(s.involved()),
                answered,
                List.of());
        InboundMessage message = new InboundMessage(
                "what-if",
                "what-if",
                s.sender(),
                s.event(),
                now,
                SERVICE_USER,
                today.minusYears(30),
                null,
                List.copyOf(children),
                List.of(),
                s.assertions().stream()
                        .map(a -> new Assertion(a, "as described in the question"))
                        .toList(),
                List.of(),
                new Bundle(),
                details(s));
        try {
            var sender = agencies.find(s.sender())
                    .orElseThrow(() -> MessageRefused.invalid("choose the agency that sends it"));
            PolicyEngine.checkSender(rules, message, sender.role());
            engine.checkAdmissible(message, facts, agencies.all());
            return new Answer(engine.decide(rules, message, facts, revocations.apply(agencies.all())), rules, null);
        } catch (MessageRefused refused) {
            // The question's stand-in keys mean nothing to the officer who asked it.
            return new Answer(
                    List.of(),
                    rules,
                    refused.getMessage()
                            .replace("service user " + SERVICE_USER, "the service user")
                            .replace(SERVICE_USER, "the service user"));
        }
    }

    private static EventDetails details(Situation s) {
        return switch (s.event()) {
            case REFERRAL -> new EventDetails.Referral(s.referralLevel(), s.referralTo());
            case TREATMENT_DROPOUT -> new EventDetails.Treatment("dropout");
            case TREATMENT_CHANGE -> new EventDetails.Treatment("stabilised");
            case S47_INFORMATION_REQUEST -> new EventDetails.InformationRequest(null);
            case S47_INFORMATION_RESPONSE -> new EventDetails.InformationResponse("what-if-request");
            case REFERRAL_OUTCOME ->
                new EventDetails.ReferralOutcome("what-if-request", "no-further-action", List.of());
            case S47_ENQUIRY, CP_PLAN_STATUS -> new EventDetails.Flags(List.of());
            default -> new EventDetails.None();
        };
    }
}
