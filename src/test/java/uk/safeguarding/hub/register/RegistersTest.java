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
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * The registers round trip: what one message records, the facts for the next one about the family hold; the
 * message's own news lies over them; an uninvolved agency is told only its own message; involvement lapses.
 */
class RegistersTest {

    static final String MOTHER = "9990000018";
    static final String CHILD = "9990000026";
    static final Instant JANUARY = Instant.parse("2026-01-10T09:00:00Z");

    final TestDatabase db = TestDatabase.create();
    final Registers registers = new Registers(db.jdbc, new RegisterProperties("config/agencies.yaml", 12));

    static InboundMessage message(
            String id,
            Event event,
            String sender,
            Instant at,
            List<LinkedChild> children,
            List<SafeguardingFlagUpdate> flags,
            ConsentUpdate consent,
            String basedOn) {
        return new InboundMessage(
                id, "s-" + id, sender, event, at, MOTHER, null, "gp", children, List.of(), null, flags, consent, null,
                null, null, basedOn, List.of());
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
                        new ConsentUpdate("active", Set.of(AgencyRole.GP), Set.of(), null, null, JANUARY),
                        null),
                "drug-service");

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
}
