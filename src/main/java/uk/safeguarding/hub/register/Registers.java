package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;

/**
 * What the hub knows between messages, in the database: the family links, the safeguarding register, the consent
 * register, agency involvement, referrals that reached children's social care and Section 47 requests, each in
 * its own table and class. {@link #factsFor} reads what they hold about a message's family with the message's own
 * news laid over it, so that a decision and an explanation see the same thing; {@link #record} writes the
 * message's news (inside the store step's transaction).
 */
@Component
public class Registers {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final int involvementMonths;
    private final FamilyLinks families;
    private final SafeguardingFlags flags;
    private final ConsentRegister consents;
    private final Involvements involvements;
    private final ReferralRecords referrals;
    private final RequestRecords requests;

    /**
     * A referral (or mandatory referral) that reached children's social care, as the follow-up sees it: who referred
     * whom when, at which level, to which agencies; {@code answeredAt} when an outcome came.
     */
    public record OpenReferral(
            String hubMessageId,
            String referrer,
            String subjectNhs,
            String event,
            java.time.Instant referredAt,
            Integer level,
            String referredTo,
            java.time.Instant answeredAt) {}

    /** Referral-like requests of these events still unanswered and not yet overdue, oldest first. */
    public List<OpenReferral> unansweredReferrals(java.util.Collection<String> events) {
        return requests.unanswered(events);
    }

    /** Marks a referral overdue, once; false if it was answered or marked meanwhile. */
    public boolean markOverdue(String hubId, java.time.Instant at) {
        return requests.markOverdue(hubId, java.sql.Timestamp.from(at));
    }

    /** These referrals as recorded, by hub id. */
    public java.util.Map<String, OpenReferral> referrals(java.util.Collection<String> hubIds) {
        return requests.of(hubIds);
    }

    /** What a referral was about: NHS numbers, or an unborn child's key. */
    public List<String> concernsOf(String hubId) {
        return referrals.concernsOf(hubId);
    }

    public Registers(JdbcTemplate jdbc, RegisterProperties properties, uk.safeguarding.hub.vault.Vault vault) {
        this.involvementMonths = properties.involvementMonths();
        People people = new People(vault);
        this.families = new FamilyLinks(jdbc, people);
        this.flags = new SafeguardingFlags(jdbc, people);
        this.consents = new ConsentRegister(jdbc, people);
        this.involvements = new Involvements(jdbc, people);
        this.referrals = new ReferralRecords(jdbc, people);
        this.requests = new RequestRecords(jdbc, people);
    }

    /**
     * What the registers stored before the vault, rewritten once: NHS numbers and unborn keys become their keyed
     * hashes, with sealed copies where the hub reads them back. Returns how many rows or values were rewritten.
     */
    public int upgrade() {
        return families.upgrade()
                + flags.upgrade()
                + consents.upgrade()
                + involvements.upgrade()
                + referrals.upgrade()
                + requests.upgrade();
    }

    /** Involvement lapses this many calendar months after the agency last sent or was sent a message. */
    Instant involvementSince(Instant at) {
        return at.atZone(LONDON).minusMonths(involvementMonths).toInstant();
    }

    public FamilyFacts factsFor(InboundMessage raw) {
        Map<String, LinkedChild> known = families.of(raw.serviceUserNhsNumber());
        Pregnancies.Resolved resolved = Pregnancies.resolve(raw, known);
        InboundMessage message = resolved.message();
        Map<String, LinkedChild> children = new LinkedHashMap<>(known);
        resolved.births().keySet().forEach(children::remove);
        message.linkedChildren().forEach(c -> children.put(c.key(), c));
        Set<String> keys = new HashSet<>(children.keySet());
        keys.addAll(resolved.births().keySet());
        SafeguardingFlags.Open open =
                flags.openFor(keys).bornAs(resolved.births()).with(message.flagUpdates());
        Set<String> people = people(message, children.values());
        people.addAll(resolved.births().keySet());
        Set<String> involved = involvements.involvedWith(people, involvementSince(message.receivedAt()));
        return new FamilyFacts(
                message.serviceUserNhsNumber(),
                List.copyOf(children.values()),
                Set.copyOf(open.section47()),
                Set.copyOf(open.plans()),
                List.copyOf(consents.standing(message).values()),
                Set.copyOf(involved),
                requests.answeredBy(message),
                referrals.earlierThan(message));
    }

    /**
     * What an agency asking about a message may be told: the facts, if it is involved with the family; otherwise
     * only what its own message says, as for a family the hub does not know, so that asking reveals nothing.
     */
    public FamilyFacts factsKnownTo(InboundMessage message, String agency) {
        FamilyFacts facts = factsFor(message);
        if (facts.involvedAgencies().contains(agency)) {
            return facts;
        }
        SafeguardingFlags.Open open = new SafeguardingFlags.Open().with(message.flagUpdates());
        return new FamilyFacts(
                message.serviceUserNhsNumber(),
                List.copyOf(message.linkedChildren()),
                Set.copyOf(open.section47()),
                Set.copyOf(open.plans()),
                message.consent() == null ? List.of() : List.of(ConsentRegister.recordOf(message)),
                Set.of(),
                null,
                List.of());
    }

    /**
     * The adults whose messages are about this person's family (docs/decisions.md "Chronology"): the person, every other
     * adult linked to one of their children or pregnancies, and their partners.
     */
    public Set<String> familyAdults(String nhs) {
        Set<String> adults = new HashSet<>();
        adults.add(nhs);
        adults.addAll(families.adultsSharingAChildWith(nhs));
        return adults;
    }

    /** The NHS numbers of the person's linked children (an unborn child has none yet). */
    public Set<String> linkedChildren(String nhs) {
        Set<String> children = new java.util.TreeSet<>();
        families.of(nhs).keySet().stream().filter(k -> k.matches("\\d{10}")).forEach(children::add);
        return children;
    }

    /** Whether the agency is involved now with the person or one of their linked children. */
    public boolean involvedWith(String agency, String nhs, Instant at) {
        Set<String> people = new HashSet<>(families.of(nhs).keySet());
        people.add(nhs);
        return involvements.involvedWith(people, involvementSince(at)).contains(agency);
    }

    /** A referral that reached children's social care, so that the next one about the same child is told. */
    public void recordReferral(InboundMessage message, AgencyRole senderRole, String cscAgency, String basis) {
        InboundMessage resolved = resolve(message).message();
        referrals.record(resolved, senderRole, cscAgency);
        requests.recordReferral(resolved, cscAgency, basis, Sql.timestamp(message.receivedAt()));
    }

    /**
     * Writes the message's news: family links, flags, consent, who is now involved (sender, recipients, the
     * service user's GP), and for a Section 47 request, who sent it and who received it.
     */
    public void record(InboundMessage raw, Collection<String> recipients) {
        Pregnancies.Resolved resolved = resolve(raw);
        InboundMessage message = resolved.message();
        Timestamp now = Sql.timestamp(message.receivedAt());
        requests.record(message, recipients, now);
        if (message.event() == Event.REFERRAL_OUTCOME) {
            requests.answer(message, now);
        }
        families.record(message, now);
        // A birth: the unborn child's flags, involvement and referrals are the baby's from now on.
        resolved.births().forEach((unborn, baby) -> {
            families.markBorn(message.serviceUserNhsNumber(), unborn, baby, now);
            flags.carryOver(unborn, baby);
            involvements.carryOver(unborn, baby);
            referrals.carryOver(unborn, baby);
        });
        flags.record(message, now);
        consents.record(message);
        Set<String> agencies = new HashSet<>(recipients);
        agencies.add(message.senderAgency());
        if (message.gpAgency() != null) {
            agencies.add(message.gpAgency());
        }
        involvements.record(agencies, people(message, message.linkedChildren()), now);
    }

    private Pregnancies.Resolved resolve(InboundMessage message) {
        return Pregnancies.resolve(message, families.of(message.serviceUserNhsNumber()));
    }

    /** The service user and every child, born (NHS number) or unborn (its register key). */
    private static Set<String> people(InboundMessage message, Collection<LinkedChild> children) {
        Set<String> people = new HashSet<>();
        people.add(message.serviceUserNhsNumber());
        children.stream().map(LinkedChild::key).forEach(people::add);
        return people;
    }
}
