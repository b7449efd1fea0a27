package uk.safeguarding.hub.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.EventDetails;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;
import uk.safeguarding.hub.message.TestMessages;

/**
 * The registers round trip: what one message records, the facts for the next one about the family hold; the
 * message's own news lies over them; an uninvolved agency is told only its own message; involvement lapses.
 */
class RegistersTest {

    static final String MOTHER = "9990000018";
    static final String CHILD = "9990000026";
    static final Instant JANUARY = Instant.parse("2026-01-10T09:00:00Z");

    final TestDatabase db = TestDatabase.create();
    final Registers registers = new Registers(
            db.jdbc, new RegisterProperties("config/agencies.yaml", 12), uk.safeguarding.hub.vault.TestVaults.shared());

    static InboundMessage message(
            String id,
            Event event,
            String sender,
            Instant at,
            List<LinkedChild> children,
            List<SafeguardingFlagUpdate> flags,
            ConsentUpdate consent,
            String basedOn) {
        return TestMessages.message(
                id,
                "s-" + id,
                sender,
                event,
                at,
                MOTHER,
                null,
                "gp",
                children,
                List.of(),
                List.of(),
                TestMessages.details(event, null, flags, consent, null, null, basedOn, null, null));
    }

    void record(InboundMessage m, String... recipients) {
        db.tx.executeWithoutResult(s -> registers.record(m, List.of(recipients)));
    }

    @Test
    void whatOneMessageRecordsTheNextOneSees() {
        record(
                message(
                        "m1",
                        Event.CP_PLAN_STATUS,
                        "social-care",
                        JANUARY,
                        List.of(new LinkedChild(CHILD, LocalDate.of(2022, 3, 14), null, "MTH")),
                        List.of(new SafeguardingFlagUpdate(
                                SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN,
                                CHILD,
                                true,
                                LocalDate.of(2026, 1, 1),
                                null)),
                        null,
                        null),
                "drug-service");
        // A message carries what its event does: the consent comes in a consent update of its own.
        record(message(
                "m1c",
                Event.CONSENT_UPDATE,
                "social-care",
                JANUARY,
                List.of(),
                List.of(),
                new ConsentUpdate("active", Set.of(AgencyRole.GP), Set.of(), null, null, JANUARY),
                null));

        FamilyFacts facts = registers.factsFor(message(
                "m2",
                Event.SCREENING_RESULT,
                "drug-service",
                JANUARY.plusSeconds(3600),
                List.of(),
                List.of(),
                null,
                null));
        assertThat(facts.linkedChildren()).extracting(LinkedChild::nhsNumber).containsExactly(CHILD);
        assertThat(facts.childProtectionPlans()).containsExactly(CHILD);
        assertThat(facts.openSection47()).isEmpty();
        assertThat(facts.consents()).singleElement().satisfies(r -> {
            assertThat(r.recordingAgency()).isEqualTo("social-care");
            assertThat(r.roles()).containsExactly(AgencyRole.GP);
        });
        assertThat(facts.involvedAgencies()).containsExactlyInAnyOrder("social-care", "drug-service", "gp");
    }

    @Test
    void theMessagesOwnNewsLiesOverWhatIsKnown() {
        record(message(
                "m1",
                Event.S47_ENQUIRY,
                "social-care",
                JANUARY,
                List.of(new LinkedChild(CHILD, null, null, "MTH")),
                List.of(new SafeguardingFlagUpdate(SafeguardingFlagUpdate.S47_ENQUIRY, CHILD, true, null, null)),
                null,
                null));
        FamilyFacts closing = registers.factsFor(message(
                "m2",
                Event.S47_ENQUIRY,
                "social-care",
                JANUARY.plusSeconds(60),
                List.of(),
                List.of(new SafeguardingFlagUpdate(SafeguardingFlagUpdate.S47_ENQUIRY, CHILD, false, null, null)),
                null,
                null));
        assertThat(closing.openSection47()).isEmpty();
    }

    @Test
    void anAgencyNotInvolvedIsToldOnlyWhatItsOwnMessageSays() {
        record(message(
                "m1",
                Event.CP_PLAN_STATUS,
                "social-care",
                JANUARY,
                List.of(new LinkedChild(CHILD, null, null, "MTH")),
                List.of(new SafeguardingFlagUpdate(
                        SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN, CHILD, true, null, null)),
                null,
                null));
        InboundMessage asked = message(
                "m2", Event.SCREENING_RESULT, "maternity", JANUARY.plusSeconds(60), List.of(), List.of(), null, null);
        FamilyFacts told = registers.factsKnownTo(asked, "maternity");
        assertThat(told.linkedChildren()).isEmpty();
        assertThat(told.childProtectionPlans()).isEmpty();
        assertThat(told.involvedAgencies()).isEmpty();
        assertThat(registers.factsKnownTo(asked, "social-care").childProtectionPlans())
                .containsExactly(CHILD);
    }

    @Test
    void involvementLapsesTwelveCalendarMonthsAfterTheLastMessage() {
        record(message("m1", Event.SCREENING_RESULT, "drug-service", JANUARY, List.of(), List.of(), null, null));
        InboundMessage within = message(
                "m2",
                Event.SCREENING_RESULT,
                "maternity",
                Instant.parse("2027-01-10T08:00:00Z"),
                List.of(),
                List.of(),
                null,
                null);
        InboundMessage after = message(
                "m3",
                Event.SCREENING_RESULT,
                "maternity",
                Instant.parse("2027-01-10T10:00:00Z"),
                List.of(),
                List.of(),
                null,
                null);
        assertThat(registers.factsFor(within).involvedAgencies()).contains("drug-service");
        assertThat(registers.factsFor(after).involvedAgencies()).doesNotContain("drug-service");
    }

    /** A busy family's involvement is rewritten at most once a day; a later message still moves it on. */
    @Test
    void involvementIsRefreshedAtMostOnceADay() {
        java.util.function.Supplier<Instant> lastSeen = () -> db.jdbc
                .queryForObject(
                        "SELECT last_seen FROM involvement WHERE agency_id = 'drug-service' AND person_key = ?",
                        java.sql.Timestamp.class,
                        uk.safeguarding.hub.vault.TestVaults.shared().index(MOTHER))
                .toInstant();
        record(message("d1", Event.SCREENING_RESULT, "drug-service", JANUARY, List.of(), List.of(), null, null), "gp");
        record(
                message(
                        "d2",
                        Event.SCREENING_RESULT,
                        "drug-service",
                        JANUARY.plus(java.time.Duration.ofHours(6)),
                        List.of(),
                        List.of(),
                        null,
                        null),
                "gp");
        assertThat(lastSeen.get()).isEqualTo(JANUARY);
        Instant later = JANUARY.plus(java.time.Duration.ofDays(3));
        record(message("d3", Event.SCREENING_RESULT, "drug-service", later, List.of(), List.of(), null, null), "gp");
        assertThat(lastSeen.get()).isEqualTo(later);
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM involvement WHERE person_key = ?",
                        Integer.class,
                        uk.safeguarding.hub.vault.TestVaults.shared().index(MOTHER)))
                .as("drug-service and gp, once each")
                .isEqualTo(2);
    }

    @Test
    void aSection47RequestIsRecordedWithItsRecipientsForTheResponseToAnswer() {
        record(
                message("req", Event.S47_INFORMATION_REQUEST, "social-care", JANUARY, List.of(), List.of(), null, null),
                "gp",
                "drug-service");
        FamilyFacts.AnsweredRequest answered = registers
                .factsFor(message(
                        "resp",
                        Event.S47_INFORMATION_RESPONSE,
                        "gp",
                        JANUARY.plusSeconds(60),
                        List.of(),
                        List.of(),
                        null,
                        "req"))
                .answeredRequest();
        assertThat(answered.senderAgency()).isEqualTo("social-care");
        assertThat(answered.deliveredTo()).containsExactlyInAnyOrder("gp", "drug-service");
        assertThat(registers
                        .factsFor(message(
                                "other",
                                Event.S47_INFORMATION_RESPONSE,
                                "gp",
                                JANUARY,
                                List.of(),
                                List.of(),
                                null,
                                "no-such-request"))
                        .answeredRequest())
                .isNull();
    }

    /** docs/decisions.md "Unborn children": one pregnancy through a revised due date, a birth, and the next pregnancy. */
    @org.junit.jupiter.api.Nested
    class UnbornChildren {

        static final LocalDate DUE = LocalDate.of(2026, 3, 1);
        static final String BABY = "9990000085";

        InboundMessage prebirthPlan(String id, LocalDate due, Instant at) {
            LinkedChild unborn = LinkedChild.unborn(MOTHER, due);
            return message(
                    id,
                    Event.CP_PLAN_STATUS,
                    "social-care",
                    at,
                    List.of(unborn),
                    List.of(new SafeguardingFlagUpdate(
                            SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN, unborn.key(), true, null, null)),
                    null,
                    null);
        }

        InboundMessage naming(String id, Event event, Instant at, LinkedChild... children) {
            return message(id, event, "maternity", at, List.of(children), List.of(), null, null);
        }

        @Test
        void aDueDateRevisedWithinEightWeeksIsTheSamePregnancyAndAnotherIsNot() {
            record(prebirthPlan("p1", DUE, JANUARY));
            FamilyFacts revised = registers.factsFor(
                    naming("p2", Event.PREGNANCY_SUBSTANCE_USE, JANUARY, LinkedChild.unborn(MOTHER, DUE.plusWeeks(8))));
            assertThat(revised.linkedChildren())
                    .singleElement()
                    .satisfies(c -> assertThat(c.key()).isEqualTo(LinkedChild.unbornKey(MOTHER, DUE)))
                    .satisfies(c -> assertThat(c.expectedDelivery()).isEqualTo(DUE.plusWeeks(8)));
            assertThat(revised.childProtectionPlans()).containsExactly(LinkedChild.unbornKey(MOTHER, DUE));

            FamilyFacts another = registers.factsFor(naming(
                    "p3",
                    Event.PREGNANCY_SUBSTANCE_USE,
                    JANUARY,
                    LinkedChild.unborn(MOTHER, DUE.plusWeeks(8).plusDays(1))));
            assertThat(another.linkedChildren()).hasSize(2);
            assertThat(another.childProtectionPlans()).containsExactly(LinkedChild.unbornKey(MOTHER, DUE));
        }

        @Test
        void aBabyBornWithinEightWeeksOfTheDueDateTakesOverTheUnbornChildsPlanInvolvementAndReferrals() {
            record(prebirthPlan("p1", DUE, JANUARY), "gp");
            InboundMessage pregnancy = TestMessages.message(
                    "r1",
                    "s-r1",
                    "maternity",
                    Event.PREGNANCY_SUBSTANCE_USE,
                    JANUARY,
                    MOTHER,
                    null,
                    null,
                    List.of(LinkedChild.unborn(MOTHER, DUE)),
                    List.of(),
                    List.of(LinkedChild.unbornKey(MOTHER, DUE)),
                    new EventDetails.None());
            db.tx.executeWithoutResult(s -> {
                registers.record(pregnancy, List.of("social-care"));
                registers.recordReferral(pregnancy, AgencyRole.MATERNITY, "social-care", "SIGNIFICANT_HARM");
            });

            LinkedChild baby = new LinkedChild(BABY, DUE.minusWeeks(8), null, "MTH");
            Instant afterBirth =
                    DUE.minusWeeks(7).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            InboundMessage referral = TestMessages.message(
                    "r2",
                    "s-r2",
                    "health-visiting",
                    Event.REFERRAL,
                    afterBirth,
                    MOTHER,
                    null,
                    null,
                    List.of(baby),
                    List.of(),
                    List.of(BABY),
                    new EventDetails.Referral(2, AgencyRole.CHILDRENS_SOCIAL_CARE));
            FamilyFacts atBirth = registers.factsFor(referral);
            assertThat(atBirth.linkedChildren()).extracting(LinkedChild::key).containsExactly(BABY);
            assertThat(atBirth.childProtectionPlans()).containsExactly(BABY);
            assertThat(atBirth.involvedAgencies()).contains("gp", "social-care", "maternity");
            assertThat(atBirth.earlierReferrals())
                    .extracting(FamilyFacts.EarlierReferral::hubMessageId)
                    .containsExactly("r1");
            record(referral, "social-care");

            InboundMessage later = TestMessages.message(
                    "r3",
                    "s-r3",
                    "gp",
                    Event.REFERRAL,
                    afterBirth.plusSeconds(60),
                    MOTHER,
                    null,
                    null,
                    List.of(baby),
                    List.of(),
                    List.of(BABY),
                    new EventDetails.Referral(2, AgencyRole.CHILDRENS_SOCIAL_CARE));
            FamilyFacts afterwards = registers.factsFor(later);
            assertThat(afterwards.linkedChildren()).extracting(LinkedChild::key).containsExactly(BABY);
            assertThat(afterwards.childProtectionPlans()).containsExactly(BABY);
            assertThat(afterwards.earlierReferrals())
                    .extracting(FamilyFacts.EarlierReferral::hubMessageId)
                    .contains("r1");
        }

        @Test
        void aBabyBornMoreThanEightWeeksBeforeTheDueDateIsAnotherChildUnlessANeonatalNoticeSaysSo() {
            record(prebirthPlan("p1", DUE, JANUARY));
            LinkedChild early = new LinkedChild(BABY, DUE.minusWeeks(8).minusDays(1), null, "MTH");
            Instant at =
                    DUE.minusWeeks(8).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            assertThat(registers
                            .factsFor(naming("n1", Event.SCREENING_RESULT, at, early))
                            .childProtectionPlans())
                    .containsExactly(LinkedChild.unbornKey(MOTHER, DUE));
            assertThat(registers
                            .factsFor(naming("n2", Event.NEONATAL_WITHDRAWAL, at, early))
                            .childProtectionPlans())
                    .containsExactly(BABY);
        }

        @Test
        void anUnbornChildCountsUntilSixWeeksAfterItsDueDate() {
            LinkedChild unborn = LinkedChild.unborn(MOTHER, DUE);
            assertThat(unborn.isChildOn(DUE.plusWeeks(6))).isTrue();
            assertThat(unborn.isChildOn(DUE.plusWeeks(6).plusDays(1))).isFalse();
        }
    }
}
