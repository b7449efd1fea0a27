package uk.safeguarding.hub.explain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.Words;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.PolicyProperties;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FactsCodec;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * Decides the messages of the last N days under the running rules and under proposed ones, on the registers as
 * they stood when each message came (the facts kept with it), through the same {@link SharingDecisions} as intake,
 * and lists every decision the proposal alone would change: a message decided under an older version is compared
 * with what the running rules decide now, so a proposal is never credited with an earlier version's effect. The
 * changes are also grouped by event, recipient and what changed, with counts. Stores and sends nothing.
 */
@Component
public class DryRun {

    static final int MAX_LISTED = 500;

    /** One decision that would change: {@code before} and {@code after} as codes ("SHARE CONSENT", "WITHHOLD"). */
    public record Change(
            String hubMessageId,
            String event,
            Instant receivedAt,
            String agency,
            String before,
            String after,
            String ruleIdAfter,
            List<String> reasonsAfter) {}

    /** How many decisions for one recipient of one event change the same way. */
    public record Group(String event, String agency, String agencyName, String before, String after, int count) {}

    public record Report(
            int proposedVersion,
            int runningVersion,
            int days,
            int messages,
            int decisions,
            int changed,
            List<Change> changes,
            List<Group> groups) {}

    private final AcceptedMessages accepted;
    private final FhirMessageReader reader;
    private final PolicyEngine engine;
    private final Clock clock;
    private final Duration keep;
    private final SharingDecisions sharingDecisions;
    private final AgencyRegister agencies;

    public DryRun(
            AcceptedMessages accepted,
            FhirMessageReader reader,
            PolicyEngine engine,
            Clock clock,
            PolicyProperties properties,
            SharingDecisions sharingDecisions,
            AgencyRegister agencies) {
        this.accepted = accepted;
        this.reader = reader;
        this.engine = engine;
        this.clock = clock;
        this.keep = properties.keepMessagesFor();
        this.sharingDecisions = sharingDecisions;
        this.agencies = agencies;
    }

    public Report run(RuleSet proposed, int days) {
        RuleSet running = engine.rules();
        int[] decisions = {0};
        int[] changed = {0};
        List<Change> changes = new ArrayList<>();
        Map<List<String>, Integer> counts = new LinkedHashMap<>();
        int messages = accepted.forEachKeptSince(Instant.now(clock).minus(Duration.ofDays(days)), kept -> {
            InboundMessage message = reader.reread(kept.body(), kept.hubMessageId(), kept.receivedAt());
            FamilyFacts facts = FactsCodec.read(kept.facts());
            Decisions now = decide(running, message, facts);
            Decisions then = decide(proposed, message, facts);
            Set<String> all = new TreeSet<>(now.byAgency().keySet());
            all.addAll(then.byAgency().keySet());
            for (String agency : all) {
                decisions[0]++;
                String before = now.describe(agency);
                String after = then.describe(agency);
                if (before.equals(after)) {
                    continue;
                }
                changed[0]++;
                counts.merge(List.of(message.event().code(), agency, before, after), 1, Integer::sum);
                if (changes.size() < MAX_LISTED) {
                    Decision d = then.byAgency().get(agency);
                    changes.add(new Change(
                            kept.hubMessageId(),
                            message.event().code(),
                            kept.receivedAt(),
                            agency,
                            before,
                            after,
                            d == null ? null : d.ruleId(),
                            d == null ? List.of() : d.reasons()));
                }
            }
        });
        List<Group> groups = new ArrayList<>();
        counts.forEach((key, count) -> groups.add(new Group(
                key.get(0),
                key.get(1),
                agencies.find(key.get(1)).map(Agency::name).orElse(key.get(1)),
                key.get(2),
                key.get(3),
                count)));
        groups.sort(Comparator.comparing(Group::event)
                .thenComparing(Group::agencyName)
                .thenComparing(Comparator.comparingInt(Group::count).reversed()));
        return new Report(
                proposed.version(),
                running.version(),
                days,
                messages,
                decisions[0],
                changed[0],
                List.copyOf(changes),
                List.copyOf(groups));
    }

    /** One set of rules' decisions for a message, or the refusal intake would give it. */
    private record Decisions(Map<String, Decision> byAgency, String refusal) {
        String describe(String agency) {
            if (refusal != null) {
                return refusal;
            }
            Decision d = byAgency.get(agency);
            return d == null
                    ? "no decision"
                    : d.basis() == null
                            ? d.decision().name()
                            : d.decision().name() + " " + d.basis().name();
        }
    }

    private Decisions decide(RuleSet rules, InboundMessage message, FamilyFacts facts) {
        try {
            Map<String, Decision> byAgency = new HashMap<>();
            sharingDecisions.decide(rules, message, facts).decisions().forEach(d -> byAgency.put(d.agency(), d));
            return new Decisions(byAgency, null);
        } catch (MessageRefused refused) {
            return new Decisions(Map.of(), "REFUSED: " + refused.getMessage());
        }
    }

    /**
     * A decision as the dry run lists it ("SHARE CONSENT", "WITHHOLD", "no decision", "REFUSED: why"), in words:
     * "shared on the service user's consent".
     */
    public static String inWords(String described) {
        if (described == null) {
            return "";
        }
        if (described.startsWith("SHARE ")) {
            return "shared on " + Words.EN.basis(described.substring("SHARE ".length()));
        }
        if (described.startsWith("WITHHOLD")) {
            return "not shared";
        }
        if (described.startsWith("REFUSED: ")) {
            return "refused at intake: " + described.substring("REFUSED: ".length());
        }
        return "not considered";
    }

    /** The longest dry run that has every message to work on. */
    public long daysKept() {
        return keep.toDays();
    }
}
