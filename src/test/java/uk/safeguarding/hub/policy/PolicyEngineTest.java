package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.EventDetails;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;
import uk.safeguarding.hub.message.TestMessages;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.ConsentRecord;
import uk.safeguarding.hub.register.FamilyFacts;

/** Every rule of the shipped rule file, every basis, and the edge cases, without Spring. */
class PolicyEngineTest {

    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String MUM = "9990000018";
    static final String KAI = "9990000026";
    static PolicyEngine engine;
    static List<Agency> agencies;

    @BeforeAll
    static void loadShippedRules() {
        engine = new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml")));
        agencies = List.of(
                TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false),
                TestAgencies.agency("maternity", AgencyRole.MATERNITY, false),
                TestAgencies.agency("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE, true),
                TestAgencies.agency("gp", AgencyRole.GP, false),
                TestAgencies.agency("health-visiting", AgencyRole.HEALTH_VISITOR, false));
    }

    /** A family with one child of four, known to the given agencies. */
    static final class Family {
        List<LinkedChild> children =
                new ArrayList<>(List.of(new LinkedChild(KAI, LocalDate.of(2022, 3, 14), null, "MTH")));
        Set<String> s47 = new HashSet<>();
        Set<String> plans = new HashSet<>();
        List<ConsentRecord> consents = new ArrayList<>();
        Set<String> involved = new HashSet<>();

        Family involved(String... ids) {
            involved.addAll(List.of(ids));
            return this;
        }

        Family consent(String status, Instant at, AgencyRole... roles) {
            consents.add(new ConsentRecord(
                    "drug-service", status, Set.of(roles), Set.of(), LocalDate.of(2026, 1, 1), null, at));
            return this;
        }

        FamilyFacts.AnsweredRequest request;
        List<FamilyFacts.EarlierReferral> earlier = new ArrayList<>();

        Family consentFor(String status, Instant at, Set<String> purposes, AgencyRole... roles) {
            consents.add(new ConsentRecord(
                    "maternity", status, Set.of(roles), purposes, LocalDate.of(2026, 1, 1), null, at));
            return this;
        }

        FamilyFacts facts() {
            return new FamilyFacts(MUM, children, s47, plans, consents, involved, request, earlier);
        }
    }

    static InboundMessage message(Event event, String sender, Integer level, Assertion... assertions) {
        return message(event, sender, level, List.of(), assertions);
    }

    static InboundMessage message(
            Event event, String sender, Integer level, List<SafeguardingFlagUpdate> flags, Assertion... assertions) {
        return TestMessages.message(
                "hub-1",
                "msg-1",
                sender,
                event,
                NOW,
                MUM,
                LocalDate.of(1994, 6, 2),
                null,
                List.of(),
                List.of(assertions),
                List.of(),
                TestMessages.details(event, level, flags, null, null, null, null, null, null));
    }

    /** A message with the event-specific fields of treatment, Section 47 and referral messages. */
    static InboundMessage message(
            Event event,
            String sender,
            String treatmentStatus,
            String named,
            String basedOn,
            List<String> concerns,
            Assertion... assertions) {
        return TestMessages.message(
                "hub-1",
                "msg-1",
                sender,
                event,
                NOW,
                MUM,
                LocalDate.of(1994, 6, 2),
                null,
                List.of(),
                List.of(assertions),
                concerns,
                TestMessages.details(event, 2, List.of(), null, treatmentStatus, named, basedOn, null, null));
    }

    static Decision decisionFor(List<Decision> decisions, String agency) {
        return decisions.stream()
                .filter(d -> d.agency().equals(agency))
                .findFirst()
                .orElseThrow();
    }

    static Decision decide(InboundMessage m, Family f, String agency) {
        return decisionFor(engine.decide(m, f.facts(), agencies), agency);
    }

    @Test
    void decidesForEveryAgencyButTheSender() {
        List<Decision> decisions =
                engine.decide(message(Event.SCREENING_RESULT, "drug-service", null), new Family().facts(), agencies);
        assertThat(decisions)
                .extracting(Decision::agency)
                .containsExactly("gp", "health-visiting", "maternity", "social-care");
    }

    @Test
    void withholdsByDefaultWithAReasonAndNoBasis() {
        Decision d = decide(message(Event.SCREENING_RESULT, "drug-service", null), new Family(), "gp");
        assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        assertThat(d.basis()).isNull();
        assertThat(d.reasons()).containsExactly("no rule shares drug screening results with GP practices");
    }

    @Nested
    class ScreeningResult {

        @Test
        void sharesWithInvolvedSocialCareOnAnOpenSection47() {
            Family f = new Family().involved("social-care");
            f.s47.add(KAI);
            f.plans.add(KAI);
            Decision d = decide(message(Event.SCREENING_RESULT, "drug-service", null), f, "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.SHARE);
            assertThat(d.basis()).isEqualTo(Basis.SECTION_47);
            assertThat(d.ruleId()).isEqualTo("screening-result-to-social-care");
            assertThat(d.ruleVersion()).isEqualTo(engine.rules().version());
            assertThat(d.profile()).isEqualTo("screening-summary");
            assertThat(d.informSubject()).isTrue();
            assertThat(d.urgent()).isFalse();
        }

        @Test
        void sharesOnAChildProtectionPlan() {
            Family f = new Family().involved("social-care");
            f.plans.add(KAI);
            assertThat(decide(message(Event.SCREENING_RESULT, "drug-service", null), f, "social-care")
                            .basis())
                    .isEqualTo(Basis.CHILD_PROTECTION_PLAN);
        }

        @Test
        void sharesWithConsentWhenNoStatutoryBasisHolds() {
            Family f = new Family()
                    .involved("social-care")
                    .consent("active", NOW.minusSeconds(3600), AgencyRole.CHILDRENS_SOCIAL_CARE);
            Decision d = decide(message(Event.SCREENING_RESULT, "drug-service", null), f, "social-care");
            assertThat(d.basis()).isEqualTo(Basis.CONSENT);
            assertThat(d.informSubject()).isFalse();
        }

        @Test
        void sharesOnAssertedSignificantHarm() {
            Family f = new Family().involved("social-care");
            Decision d = decide(
                    message(
                            Event.SCREENING_RESULT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.SIGNIFICANT_HARM_RISK, "child left alone")),
                    f,
                    "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.reasons().get(0)).contains("child left alone");
        }

        @Test
        void withholdsFromSocialCareThatIsNotInvolved() {
            Family f = new Family();
            f.s47.add(KAI);
            Decision d = decide(message(Event.SCREENING_RESULT, "drug-service", null), f, "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons().get(0)).contains("not involved");
        }

        @Test
        void withholdsWithEveryReasonWhenNoBasisHolds() {
            Decision d = decide(
                    message(Event.SCREENING_RESULT, "drug-service", null),
                    new Family().involved("social-care"),
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons())
                    .contains(
                            "no open Section 47 enquiry for a linked child",
                            "no child protection plan for a linked child",
                            "no consent covers children's social care");
        }

        @Test
        void immediateHarmMakesTheShareUrgent() {
            Decision d = decide(
                    message(
                            Event.SCREENING_RESULT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.IMMEDIATE_HARM_RISK, "threatened to harm child")),
                    new Family().involved("social-care"),
                    "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.urgent()).isTrue();
        }
    }

    @Nested
    class TreatmentDropout {

        @Test
        void underAPlanTheCoreGroupIsToldWithoutConsent() {
            Family f = new Family()
                    .involved("social-care", "gp", "maternity")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            f.plans.add(KAI);
            List<Decision> decisions =
                    engine.decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f.facts(), agencies);
            assertThat(decisionFor(decisions, "social-care").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decisionFor(decisions, "gp").ruleId()).isEqualTo("dropout-to-other-services");
            assertThat(decisionFor(decisions, "maternity").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decisionFor(decisions, "health-visiting").reasons().get(0))
                    .contains("not involved");
        }

        @Test
        void withoutAPlanAnAgencyOtherThanSocialCareIsToldOnlyWithConsent() {
            Family f = new Family()
                    .involved("social-care", "gp", "maternity")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            List<Decision> decisions =
                    engine.decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f.facts(), agencies);
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "maternity").decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(decisionFor(decisions, "maternity").reasons())
                    .contains("no child protection plan for a linked child", "no consent covers maternity services");
        }

        @Test
        void anEnquiryOrARiskNeverAuthorisesAnAgencyOtherThanSocialCare() {
            Family f = new Family().involved("gp");
            f.s47.add(KAI);
            Decision d = decide(
                    message(
                            Event.TREATMENT_DROPOUT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.SIGNIFICANT_HARM_RISK, "x")),
                    f,
                    "gp");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }
    }

    @Nested
    class PregnancySubstanceUse {

        InboundMessage pregnancy(Assertion... assertions) {
            return message(Event.PREGNANCY_SUBSTANCE_USE, "maternity", null, assertions);
        }

        Family unbornOnly() {
            Family f = new Family();
            f.children.clear();
            f.children.add(LinkedChild.unborn(LocalDate.of(2027, 4, 30)));
            return f;
        }

        @Test
        void capacitySeriouslyImpairedIsAMandatoryReferralToTheFrontDoor() {
            Decision d = decide(
                    pregnancy(new Assertion(Assertion.CAPACITY_SERIOUSLY_IMPAIRED, "using daily")),
                    unbornOnly(),
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.SHARE);
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.reasons()).anyMatch(r -> r.contains("front door"));
        }

        @Test
        void aDrugServicesNoticeReachesTheMaternityFrontDoorAndTheGpOnConsent() {
            List<Agency> withMaternityFrontDoor = new ArrayList<>(agencies);
            withMaternityFrontDoor.removeIf(a -> a.id().equals("maternity"));
            withMaternityFrontDoor.add(TestAgencies.agency("maternity", AgencyRole.MATERNITY, true));
            Family f = unbornOnly()
                    .involved("gp")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.MATERNITY, AgencyRole.GP);
            List<Decision> decisions = engine.decide(
                    message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null), f.facts(), withMaternityFrontDoor);
            Decision maternity = decisionFor(decisions, "maternity");
            assertThat(maternity.basis()).isEqualTo(Basis.CONSENT);
            assertThat(maternity.ruleId()).isEqualTo("pregnancy-to-maternity");
            assertThat(maternity.reasons()).anyMatch(r -> r.contains("front door: no maternity service"));
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CONSENT);

            Family withoutConsent = unbornOnly().involved("gp");
            List<Decision> refused = engine.decide(
                    message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null),
                    withoutConsent.facts(),
                    withMaternityFrontDoor);
            assertThat(decisionFor(refused, "maternity").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NO_BASIS);
        }

        @Test
        void theMaternityFrontDoorIsNotForAFamilyAMaternityServiceKnows() {
            List<Agency> two = new ArrayList<>(agencies);
            two.removeIf(a -> a.id().equals("maternity"));
            two.add(TestAgencies.agency("maternity", AgencyRole.MATERNITY, true));
            two.add(TestAgencies.agency("maternity-east", AgencyRole.MATERNITY, false));
            Family f = unbornOnly()
                    .involved("maternity-east")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.MATERNITY);
            List<Decision> decisions =
                    engine.decide(message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null), f.facts(), two);
            assertThat(decisionFor(decisions, "maternity-east").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "maternity").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NOT_INVOLVED);
        }

        @Test
        void withoutTheAssertionItNeedsConsent() {
            Decision d = decide(pregnancy(), unbornOnly(), "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons()).anyMatch(r -> r.contains("a risk of significant harm not considered"));
        }

        @Test
        void theFrontDoorStandsAsideWhenAnotherSocialCareIsInvolved() {
            List<Agency> withSecondCsc = new ArrayList<>(agencies);
            withSecondCsc.add(TestAgencies.agency("social-care-north", AgencyRole.CHILDRENS_SOCIAL_CARE, false));
            Family f = unbornOnly().involved("social-care-north");
            List<Decision> decisions = engine.decide(
                    pregnancy(new Assertion(Assertion.CAPACITY_SERIOUSLY_IMPAIRED, "x")), f.facts(), withSecondCsc);
            assertThat(decisionFor(decisions, "social-care-north").decision()).isEqualTo(Decision.Outcome.SHARE);
            assertThat(decisionFor(decisions, "social-care").decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void healthServicesNeedConsent() {
            Family f = unbornOnly()
                    .involved("gp", "health-visiting")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            List<Decision> decisions = engine.decide(
                    pregnancy(new Assertion(Assertion.CAPACITY_SERIOUSLY_IMPAIRED, "x")), f.facts(), agencies);
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "health-visiting").decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }
    }

    @Nested
    class Referral {

        @Test
        void levelOneIsEarlyHelpAndNeedsConsent() {
            Decision withheld = decide(message(Event.REFERRAL, "gp", 1), new Family(), "social-care");
            assertThat(withheld.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            Decision shared = decide(
                    message(Event.REFERRAL, "gp", 1),
                    new Family().consent("active", NOW.minusSeconds(5), AgencyRole.CHILDRENS_SOCIAL_CARE),
                    "social-care");
            assertThat(shared.basis()).isEqualTo(Basis.CONSENT);
            assertThat(shared.urgent()).isFalse();
        }

        @Test
        void levelTwoIsSignificantHarmAndRoutine() {
            Decision d = decide(message(Event.REFERRAL, "gp", 2), new Family(), "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.urgent()).isFalse();
            assertThat(d.informSubject()).isTrue();
        }

        @Test
        void levelThreeIsSignificantHarmAndUrgent() {
            Decision d = decide(message(Event.REFERRAL, "gp", 3), new Family(), "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.urgent()).isTrue();
        }

        @Test
        void referralsGoOnlyToSocialCare() {
            Decision d = decide(
                    message(Event.REFERRAL, "gp", 3), new Family().involved("health-visiting"), "health-visiting");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }
    }

    @Nested
    class ChildProtectionPlanStatus {

        SafeguardingFlagUpdate plan(boolean active) {
            return new SafeguardingFlagUpdate(SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN, KAI, active, null, null);
        }

        @Test
        void goesToTheWholeCoreGroup() {
            Family f = new Family().involved("drug-service", "gp", "health-visiting");
            f.plans.add(KAI);
            List<Decision> decisions = engine.decide(
                    message(Event.CP_PLAN_STATUS, "social-care", null, List.of(plan(true))), f.facts(), agencies);
            for (String agency : List.of("drug-service", "gp", "health-visiting")) {
                assertThat(decisionFor(decisions, agency).basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            }
            assertThat(decisionFor(decisions, "maternity").decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void theEndOfAPlanIsStillCirculated() {
            Family f = new Family().involved("drug-service");
            Decision d =
                    decide(message(Event.CP_PLAN_STATUS, "social-care", null, List.of(plan(false))), f, "drug-service");
            assertThat(d.basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
        }
    }

    @Nested
    class RegisterOnlyEvents {

        @Test
        void consentUpdateAndSection47EnquiryAreNeverForwarded() {
            Family f = new Family().involved("social-care", "gp");
            f.s47.add(KAI);
            for (Event e : List.of(Event.CONSENT_UPDATE, Event.S47_ENQUIRY)) {
                String sender = e == Event.S47_ENQUIRY ? "social-care" : "drug-service";
                assertThat(engine.decide(message(e, sender, null), f.facts(), agencies))
                        .allMatch(d -> d.decision() == Decision.Outcome.WITHHOLD);
            }
        }
    }

    @Nested
    class EdgeCases {

        @Test
        void refusedConsentDoesNotBlockAnOpenPlan() {
            Family f = new Family()
                    .involved("social-care")
                    .consent("rejected", NOW.minusSeconds(5), AgencyRole.CHILDRENS_SOCIAL_CARE);
            f.plans.add(KAI);
            assertThat(decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "social-care")
                            .basis())
                    .isEqualTo(Basis.CHILD_PROTECTION_PLAN);
        }

        @Test
        void aLaterWithdrawalEndsConsent() {
            Family f = new Family()
                    .involved("gp")
                    .consent("active", NOW.minusSeconds(500), AgencyRole.GP)
                    .consent("inactive", NOW.minusSeconds(5));
            assertThat(decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp")
                            .decision())
                    .isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void consentOutsideItsPeriodDoesNotHold() {
            Family f = new Family().involved("gp");
            f.consents.add(new ConsentRecord(
                    "drug-service",
                    "active",
                    Set.of(AgencyRole.GP),
                    Set.of(),
                    LocalDate.of(2025, 1, 1),
                    LocalDate.of(2025, 12, 31),
                    NOW.minusSeconds(5)));
            assertThat(decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp")
                            .decision())
                    .isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void aLinkedPersonOf18IsNotAChild() {
            Family f = new Family().involved("social-care");
            f.children.clear();
            f.children.add(new LinkedChild("9990000034", LocalDate.of(2008, 11, 1), null, "MTH"));
            f.s47.add("9990000034");
            Decision d = decide(
                    message(
                            Event.SCREENING_RESULT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.SIGNIFICANT_HARM_RISK, "x")),
                    f,
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void aLinkedPersonOneDayShortOf18IsAChild() {
            Family f = new Family().involved("social-care");
            f.children.clear();
            f.children.add(new LinkedChild("9990000034", LocalDate.of(2008, 11, 24), null, "MTH"));
            f.s47.add("9990000034");
            assertThat(decide(message(Event.SCREENING_RESULT, "drug-service", null), f, "social-care")
                            .basis())
                    .isEqualTo(Basis.SECTION_47);
        }

        @Test
        void informSubjectIncreasesRiskIsRecordedWithItsReason() {
            Family f = new Family().involved("social-care");
            f.s47.add(KAI);
            Decision d = decide(
                    message(
                            Event.SCREENING_RESULT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.INFORM_SUBJECT_INCREASES_RISK, "partner is violent")),
                    f,
                    "social-care");
            assertThat(d.informSubject()).isFalse();
            assertThat(d.reasons()).contains("service user not told: partner is violent");
        }

        @Test
        void aRecipientWhoseCertificateHasExpiredIsWithheld() {
            List<Agency> expired = new ArrayList<>(agencies);
            expired.removeIf(a -> a.id().equals("social-care"));
            expired.add(TestAgencies.expired("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE));
            Family f = new Family().involved("social-care");
            f.s47.add(KAI);
            Decision d = decisionFor(
                    engine.decide(message(Event.SCREENING_RESULT, "drug-service", null), f.facts(), expired),
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons().get(0)).contains("certificate");
        }

        @Test
        void anInactiveAgencyIsWithheld() {
            List<Agency> inactive = new ArrayList<>(agencies);
            inactive.removeIf(a -> a.id().equals("social-care"));
            Agency csc = TestAgencies.agency("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE, true);
            inactive.add(new Agency(csc.id(), csc.name(), csc.role(), true, false, csc.certificate()));
            Family f = new Family().involved("social-care");
            f.s47.add(KAI);
            assertThat(decisionFor(
                                    engine.decide(
                                            message(Event.SCREENING_RESULT, "drug-service", null), f.facts(), inactive),
                                    "social-care")
                            .reasons()
                            .get(0))
                    .contains("not active");
        }

        @Test
        void theGpNamedInTheMessageIsInvolved() {
            Family f = new Family().consent("active", NOW.minusSeconds(5), AgencyRole.GP);
            InboundMessage m = TestMessages.message(
                    "h",
                    "m",
                    "drug-service",
                    Event.TREATMENT_DROPOUT,
                    NOW,
                    MUM,
                    null,
                    "gp",
                    List.of(),
                    List.of(),
                    List.of(),
                    new EventDetails.Treatment("disengaged"));
            assertThat(decide(m, f, "gp").basis()).isEqualTo(Basis.CONSENT);
        }

        @Test
        void aSenderWhoseRoleMayNotSendTheEventIsRefused() {
            assertThatThrownBy(() -> engine.checkSender(message(Event.SCREENING_RESULT, "gp", null), AgencyRole.GP))
                    .isInstanceOf(MessageRefused.class)
                    .satisfies(e -> assertThat(((MessageRefused) e).status()).isEqualTo(403));
            engine.checkSender(message(Event.SCREENING_RESULT, "drug-service", null), AgencyRole.DRUG_TREATMENT);
        }
    }

    @Nested
    class TreatmentChange {

        @Test
        void aPlannedDetoxReachesEveryInvolvedAgencyThatConsentCovers() {
            Family f = new Family()
                    .involved("social-care", "gp", "health-visiting", "maternity")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP, AgencyRole.HEALTH_VISITOR);
            f.s47.add(KAI);
            List<Decision> decisions = engine.decide(
                    message(Event.TREATMENT_CHANGE, "drug-service", "detox-planned", null, null, List.of()),
                    f.facts(),
                    agencies);
            assertThat(decisionFor(decisions, "social-care").basis()).isEqualTo(Basis.SECTION_47);
            assertThat(decisionFor(decisions, "social-care").ruleId()).isEqualTo("change-to-social-care");
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "health-visiting").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "maternity").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NO_BASIS);
        }

        @Test
        void aChangeUnderAPlanReachesTheCoreGroupOnThePlan() {
            Family f = new Family().involved("social-care", "gp", "health-visiting");
            f.plans.add(KAI);
            List<Decision> decisions = engine.decide(
                    message(Event.TREATMENT_CHANGE, "drug-service", "detox-planned", null, null, List.of()),
                    f.facts(),
                    agencies);
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decisionFor(decisions, "health-visiting").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decisionFor(decisions, "social-care").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
        }

        @Test
        void relapseWithoutConsentOrStatutoryBasisIsWithheldFromSocialCare() {
            Decision d = decide(
                    message(Event.TREATMENT_CHANGE, "drug-service", "relapse", null, null, List.of()),
                    new Family().involved("social-care"),
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.withheldBecause()).isEqualTo(Decision.WithheldBecause.NO_BASIS);
        }
    }

    @Nested
    class NeonatalWithdrawal {

        @Test
        void confirmedIllicitUseIsAMandatoryReferralToTheFrontDoor() {
            Decision d = decide(
                    message(
                            Event.NEONATAL_WITHDRAWAL,
                            "maternity",
                            null,
                            null,
                            null,
                            List.of(KAI),
                            new Assertion("illicit-use-confirmed", "positive toxicology")),
                    new Family(),
                    "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(d.ruleId()).isEqualTo("neonatal-to-social-care");
            assertThat(d.reasons()).anyMatch(r -> r.contains("front door"));
            assertThat(d.informSubject()).isTrue();
        }

        @Test
        void suspectedIllicitUseIsEnough() {
            assertThat(decide(
                                    message(
                                            Event.NEONATAL_WITHDRAWAL,
                                            "maternity",
                                            null,
                                            null,
                                            null,
                                            List.of(KAI),
                                            new Assertion("illicit-use-suspected", "history")),
                                    new Family(),
                                    "social-care")
                            .basis())
                    .isEqualTo(Basis.SIGNIFICANT_HARM);
        }

        @Test
        void prescribedSubstituteMedicationAloneNeedsConsent() {
            Decision d = decide(
                    message(Event.NEONATAL_WITHDRAWAL, "maternity", null, null, null, List.of(KAI)),
                    new Family(),
                    "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons()).anyMatch(r -> r.contains("a risk of significant harm not considered"));
        }

        @Test
        void drugServiceHealthVisitingAndTheGpWithConsent() {
            Family f = new Family()
                    .involved("drug-service", "health-visiting", "gp")
                    .consent(
                            "active",
                            NOW.minusSeconds(5),
                            AgencyRole.DRUG_TREATMENT,
                            AgencyRole.HEALTH_VISITOR,
                            AgencyRole.GP);
            List<Decision> decisions = engine.decide(
                    message(Event.NEONATAL_WITHDRAWAL, "maternity", null, null, null, List.of(KAI)),
                    f.facts(),
                    agencies);
            assertThat(decisionFor(decisions, "drug-service").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "health-visiting").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "gp").basis()).isEqualTo(Basis.CONSENT);
            assertThat(decisionFor(decisions, "gp").ruleId()).isEqualTo("neonatal-to-health-services");
        }
    }

    @Nested
    class Section47Information {

        @Test
        void aRequestWithoutAnOpenEnquiryIsRefused() {
            InboundMessage m = message(Event.S47_INFORMATION_REQUEST, "social-care", null, null, null, List.of());
            Family f = new Family().involved("drug-service");
            f.plans.add(KAI);
            assertThatThrownBy(() -> engine.checkAdmissible(m, f.facts(), agencies))
                    .isInstanceOf(MessageRefused.class)
                    .satisfies(e -> assertThat(((MessageRefused) e).status()).isEqualTo(403))
                    .hasMessageContaining("no Section 47 enquiry is open");
        }

        @Test
        void aRequestGoesToTheInvolvedTreatmentServiceOnSection47() {
            InboundMessage m = message(Event.S47_INFORMATION_REQUEST, "social-care", null, null, null, List.of());
            Family f = new Family().involved("drug-service", "gp");
            f.s47.add(KAI);
            engine.checkAdmissible(m, f.facts(), agencies);
            List<Decision> decisions = engine.decide(m, f.facts(), agencies);
            assertThat(decisionFor(decisions, "drug-service").basis()).isEqualTo(Basis.SECTION_47);
            assertThat(decisionFor(decisions, "drug-service").ruleId()).isEqualTo("s47-request-to-treatment");
            assertThat(decisionFor(decisions, "gp").decision()).isEqualTo(Decision.Outcome.WITHHOLD);
        }

        @Test
        void aNamedAgencyIsAskedEvenIfNotYetInvolvedAndNoOtherIs() {
            List<Agency> two = new ArrayList<>(agencies);
            two.add(TestAgencies.agency("alcohol-service", AgencyRole.DRUG_TREATMENT, false));
            InboundMessage m =
                    message(Event.S47_INFORMATION_REQUEST, "social-care", null, "alcohol-service", null, List.of());
            Family f = new Family().involved("drug-service");
            f.s47.add(KAI);
            List<Decision> decisions = engine.decide(m, f.facts(), two);
            assertThat(decisionFor(decisions, "alcohol-service").basis()).isEqualTo(Basis.SECTION_47);
            assertThat(decisionFor(decisions, "drug-service").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NOT_NAMED);
        }

        @Test
        void aRequestNamingAnUnknownAgencyIsInvalid() {
            Family f = new Family();
            f.s47.add(KAI);
            assertThatThrownBy(() -> engine.checkAdmissible(
                            message(Event.S47_INFORMATION_REQUEST, "social-care", null, "nobody", null, List.of()),
                            f.facts(),
                            agencies))
                    .satisfies(e -> assertThat(((MessageRefused) e).status()).isEqualTo(400));
        }

        @Test
        void aResponseGoesOnlyToTheRequester() {
            Family f = new Family().involved("social-care", "gp");
            f.s47.add(KAI);
            f.request = new FamilyFacts.AnsweredRequest(
                    "req-1", "s47-information-request", "social-care", MUM, Set.of("drug-service"));
            InboundMessage m = message(Event.S47_INFORMATION_RESPONSE, "drug-service", null, null, "req-1", List.of());
            engine.checkAdmissible(m, f.facts(), agencies);
            List<Decision> decisions = engine.decide(m, f.facts(), agencies);
            assertThat(decisionFor(decisions, "social-care").basis()).isEqualTo(Basis.SECTION_47);
            assertThat(decisions.stream().filter(Decision::shared)).hasSize(1);
        }

        @Test
        void aResponseUnderAPlanAfterTheEnquiryClosedStillGoes() {
            Family f = new Family();
            f.plans.add(KAI);
            f.request = new FamilyFacts.AnsweredRequest(
                    "req-1", "s47-information-request", "social-care", MUM, Set.of("drug-service"));
            assertThat(decide(
                                    message(
                                            Event.S47_INFORMATION_RESPONSE,
                                            "drug-service",
                                            null,
                                            null,
                                            "req-1",
                                            List.of()),
                                    f,
                                    "social-care")
                            .basis())
                    .isEqualTo(Basis.CHILD_PROTECTION_PLAN);
        }

        @Test
        void aResponseToARequestSentToSomeoneElseIsRefused() {
            Family f = new Family();
            f.request = new FamilyFacts.AnsweredRequest(
                    "req-1", "s47-information-request", "social-care", MUM, Set.of("other-service"));
            assertThatThrownBy(() -> engine.checkAdmissible(
                            message(Event.S47_INFORMATION_RESPONSE, "drug-service", null, null, "req-1", List.of()),
                            f.facts(),
                            agencies))
                    .hasMessageContaining("does not name");
            Family none = new Family();
            assertThatThrownBy(() -> engine.checkAdmissible(
                            message(Event.S47_INFORMATION_RESPONSE, "drug-service", null, null, "missing", List.of()),
                            none.facts(),
                            agencies))
                    .isInstanceOf(MessageRefused.class);
        }
    }

    @Nested
    class ConsentInFull {

        @Test
        void aConsentForOtherPurposesDoesNotCover() {
            Family f = new Family()
                    .involved("gp")
                    .consentFor("active", NOW.minusSeconds(5), Set.of("HRESCH"), AgencyRole.GP);
            Decision d = decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.WITHHOLD);
            assertThat(d.reasons()).anyMatch(r -> r.contains("only for research"));
        }

        @Test
        void aConsentForTreatmentCovers() {
            Family f = new Family()
                    .involved("gp")
                    .consentFor("active", NOW.minusSeconds(5), Set.of("TREAT"), AgencyRole.GP);
            Decision d = decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp");
            assertThat(d.basis()).isEqualTo(Basis.CONSENT);
            assertThat(d.reasons().get(0)).contains("for treatment");
        }

        @Test
        void theNewestRecordOfAnyAgencyDecidesARefusalSaysSo() {
            Family f = new Family()
                    .involved("gp")
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP)
                    .consentFor("rejected", NOW.minusSeconds(5), Set.of(), AgencyRole.GP);
            Decision d = decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp");
            assertThat(d.reasons()).anyMatch(r -> r.contains("refused consent for GP practices"));
        }

        @Test
        void anOlderRefusalIsOverriddenByANewerConsentFromAnotherAgency() {
            Family f = new Family()
                    .involved("gp")
                    .consentFor("rejected", NOW.minusSeconds(60), Set.of(), AgencyRole.GP)
                    .consent("active", NOW.minusSeconds(5), AgencyRole.GP);
            assertThat(decide(message(Event.TREATMENT_DROPOUT, "drug-service", null), f, "gp")
                            .basis())
                    .isEqualTo(Basis.CONSENT);
        }

        @Test
        void consentHoldsAnswersForRecall() {
            Family given = new Family().consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            Family withdrawn = new Family()
                    .consent("active", NOW.minusSeconds(60), AgencyRole.GP)
                    .consentFor("inactive", NOW.minusSeconds(5), Set.of(), AgencyRole.GP);
            LocalDate today = LocalDate.of(2026, 11, 23);
            assertThat(engine.consentHolds(AgencyRole.GP, Event.TREATMENT_DROPOUT, given.facts(), today))
                    .isTrue();
            assertThat(engine.consentHolds(AgencyRole.GP, Event.TREATMENT_DROPOUT, withdrawn.facts(), today))
                    .isFalse();
            assertThat(engine.consentHolds(AgencyRole.GP, Event.SCREENING_RESULT, given.facts(), today))
                    .isFalse();
        }
    }

    @Nested
    class DuplicateReferrals {

        @Test
        void aSecondReferralOfTheSameChildIsMarkedAndStillShared() {
            Family f = new Family();
            f.earlier.add(new FamilyFacts.EarlierReferral(
                    "earlier-1", "referral", "gp", AgencyRole.GP, "social-care", NOW.minusSeconds(3600)));
            Decision d =
                    decide(message(Event.REFERRAL, "drug-service", null, null, null, List.of(KAI)), f, "social-care");
            assertThat(d.decision()).isEqualTo(Decision.Outcome.SHARE);
            assertThat(d.duplicateOf()).isEqualTo("earlier-1");
            assertThat(d.reasons()).anyMatch(r -> r.contains("already referred") && r.contains("GP"));
        }

        @Test
        void aFirstReferralIsNotMarked() {
            Decision d = decide(
                    message(Event.REFERRAL, "drug-service", null, null, null, List.of(KAI)),
                    new Family(),
                    "social-care");
            assertThat(d.duplicateOf()).isNull();
        }

        @Test
        void aConsentBasedPregnancyNoticeIsNotAReferral() {
            Family f = new Family().consent("active", NOW.minusSeconds(5), AgencyRole.CHILDRENS_SOCIAL_CARE);
            f.earlier.add(new FamilyFacts.EarlierReferral(
                    "earlier-1", "referral", "gp", AgencyRole.GP, "social-care", NOW.minusSeconds(3600)));
            Decision d = decide(
                    message(Event.PREGNANCY_SUBSTANCE_USE, "maternity", null, null, null, List.of("u")),
                    f,
                    "social-care");
            assertThat(d.basis()).isEqualTo(Basis.CONSENT);
            assertThat(d.duplicateOf()).isNull();
        }
    }

    /** The rows the second edition added: pre-birth bases, referral outcomes, referrals to treatment, missing reasons. */
    @Nested
    class SecondEdition {

        static final LocalDate DUE = LocalDate.of(2027, 2, 1);

        InboundMessage with(Event event, String sender, AgencyRole to, String outcome, Assertion... assertions) {
            return TestMessages.message(
                    "hub-1",
                    "msg-1",
                    sender,
                    event,
                    NOW,
                    MUM,
                    LocalDate.of(1994, 6, 2),
                    null,
                    List.of(),
                    List.of(assertions),
                    List.of(),
                    TestMessages.details(event, 1, List.of(), null, null, null, "ref-1", to, outcome));
        }

        Family unbornWithPlan() {
            Family f = new Family();
            f.children.clear();
            LinkedChild unborn = LinkedChild.unborn(MUM, DUE);
            f.children.add(unborn);
            f.plans.add(unborn.key());
            return f;
        }

        @Test
        void aPreBirthPlanSendsAPregnancyToSocialCareAndToThePlansCoreGroup() {
            Family f = unbornWithPlan().involved("social-care", "gp", "health-visiting", "maternity");
            InboundMessage pregnancy = message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null);
            assertThat(decide(pregnancy, f, "social-care").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            Decision gp = decide(pregnancy, f, "gp");
            assertThat(gp.basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(gp.ruleId()).isEqualTo("pregnancy-to-health-services");
            assertThat(gp.reasons()).anyMatch(r -> r.startsWith("pre-birth child protection plan for unborn child"));
            Decision maternity = decide(pregnancy, f, "maternity");
            assertThat(maternity.basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(maternity.ruleId()).isEqualTo("pregnancy-to-maternity");
        }

        @Test
        void aSiblingsPlanDoesNotSendAPregnancyBeyondSocialCareWithoutConsent() {
            Family f = new Family().involved("social-care", "gp");
            f.plans.add(KAI);
            f.children.add(LinkedChild.unborn(MUM, DUE));
            InboundMessage pregnancy = message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null);
            assertThat(decide(pregnancy, f, "social-care").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            Decision gp = decide(pregnancy, f, "gp");
            assertThat(gp.shared()).isFalse();
            assertThat(gp.reasons()).contains("no pre-birth child protection plan for the unborn child");
        }

        @Test
        void aPreBirthEnquirySendsAPregnancyToSocialCareOnSection47() {
            Family f = unbornWithPlan().involved("social-care");
            f.plans.clear();
            f.s47.add(LinkedChild.unbornKey(MUM, DUE));
            assertThat(decide(message(Event.PREGNANCY_SUBSTANCE_USE, "drug-service", null), f, "social-care")
                            .basis())
                    .isEqualTo(Basis.SECTION_47);
        }

        @Test
        void aBabysWithdrawalReachesSocialCareOnTheCarriedOverPlanAndTheGpOnlyOnConsent() {
            Family f = new Family().involved("social-care", "gp");
            f.plans.add(KAI);
            InboundMessage neonatal = message(Event.NEONATAL_WITHDRAWAL, "maternity", null);
            assertThat(decide(neonatal, f, "social-care").basis()).isEqualTo(Basis.CHILD_PROTECTION_PLAN);
            assertThat(decide(neonatal, f, "gp").withheldBecause()).isEqualTo(Decision.WithheldBecause.NO_BASIS);
            f.consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            assertThat(decide(neonatal, f, "gp").basis()).isEqualTo(Basis.CONSENT);
        }

        @Test
        void aReferralOutcomeGoesToTheReferrerAloneOnTheBasisItsReferralHad() {
            Family f = new Family().involved("gp", "health-visiting");
            f.request = new FamilyFacts.AnsweredRequest(
                    "ref-1", "referral", "gp", MUM, Set.of("social-care"), "SIGNIFICANT_HARM");
            InboundMessage outcome = with(Event.REFERRAL_OUTCOME, "social-care", null, "child-in-need");
            Decision gp = decide(outcome, f, "gp");
            assertThat(gp.basis()).isEqualTo(Basis.SIGNIFICANT_HARM);
            assertThat(gp.ruleId()).isEqualTo("outcome-to-referrer");
            assertThat(decide(outcome, f, "health-visiting").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NOT_NAMED);

            f.request =
                    new FamilyFacts.AnsweredRequest("ref-1", "referral", "gp", MUM, Set.of("social-care"), "CONSENT");
            assertThat(decide(outcome, f, "gp").withheldBecause()).isEqualTo(Decision.WithheldBecause.NO_BASIS);
            f.consent("active", NOW.minusSeconds(60), AgencyRole.GP);
            assertThat(decide(outcome, f, "gp").basis()).isEqualTo(Basis.CONSENT);
            f.s47.add(KAI);
            assertThat(decide(outcome, f, "gp").basis()).isEqualTo(Basis.SECTION_47);
        }

        @Test
        void aReferralOutcomeForAReferralTheHubDidNotDeliverToTheSenderIsRefused() {
            Family f = new Family();
            f.request = new FamilyFacts.AnsweredRequest(
                    "ref-1", "referral", "gp", MUM, Set.of("other-social-care"), "SIGNIFICANT_HARM");
            InboundMessage outcome = with(Event.REFERRAL_OUTCOME, "social-care", null, "early-help");
            assertThatThrownBy(() -> engine.checkAdmissible(outcome, f.facts(), agencies))
                    .isInstanceOf(MessageRefused.class)
                    .hasMessageContaining("does not name a referral the hub delivered to social-care");
            f.request = new FamilyFacts.AnsweredRequest(
                    "ref-1", "s47-information-request", "gp", MUM, Set.of("social-care"), null);
            assertThatThrownBy(() -> engine.checkAdmissible(outcome, f.facts(), agencies))
                    .isInstanceOf(MessageRefused.class);
        }

        @Test
        void aReferralToTreatmentGoesToDrugTreatmentOnConsentAndToNoOtherRole() {
            Family f = new Family().involved("drug-service", "gp");
            InboundMessage referral = with(Event.REFERRAL, "social-care", AgencyRole.DRUG_TREATMENT, null);
            assertThat(decide(referral, f, "drug-service").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NO_BASIS);
            f.consent("active", NOW.minusSeconds(60), AgencyRole.DRUG_TREATMENT);
            Decision d = decide(referral, f, "drug-service");
            assertThat(d.basis()).isEqualTo(Basis.CONSENT);
            assertThat(d.ruleId()).isEqualTo("referral-to-treatment");
            InboundMessage toSocialCare = with(Event.REFERRAL, "gp", AgencyRole.CHILDRENS_SOCIAL_CARE, null);
            assertThat(decide(toSocialCare, f, "drug-service").withheldBecause())
                    .isEqualTo(Decision.WithheldBecause.NOT_ADDRESSED);
        }

        @Test
        void aStatutoryShareWithoutItsReasonIsSharedAndTheServiceUserNotTold() {
            Family f = new Family().involved("social-care");
            f.s47.add(KAI);
            Decision d = decide(
                    message(
                            Event.SCREENING_RESULT,
                            "drug-service",
                            null,
                            new Assertion(Assertion.INFORM_SUBJECT_INCREASES_RISK, " ")),
                    f,
                    "social-care");
            assertThat(d.basis()).isEqualTo(Basis.SECTION_47);
            assertThat(d.informSubject()).isFalse();
            assertThat(d.reasons()).anyMatch(r -> r.contains("the reason is missing"));
        }
    }
}
