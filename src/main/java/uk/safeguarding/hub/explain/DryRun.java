package uk.safeguarding.hub.explain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.PolicyProperties;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.register.FactsCodec;

/**
 * Decides the messages of the last N days again under proposed rules, on the registers as they stood when each
 * message came (the facts kept with it), through the same {@link SharingDecisions} as intake, and lists every
 * decision that would change. Stores and sends nothing.
 */
@Component
public class DryRun {

    static final int MAX_LISTED = 500;

    public record Change(
            String hubMessageId,
            String event,
            Instant receivedAt,
            String agency,
            String before,
            String after,
            String ruleIdAfter,
            List<String> reasonsAfter) {}

    public record Report(
            int proposedVersion,
            int runningVersion,
            int days,
            int messages,
            int decisions,
            int changed,
            List<Change> changes) {}

    private final AcceptedMessages accepted;
    private final FhirMessageReader reader;
    private final PolicyEngine engine;
    private final Clock clock;
    private final Duration keep;
    private final SharingDecisions sharingDecisions;

    public DryRun(
            AcceptedMessages accepted,
            FhirMessageReader reader,
            PolicyEngine engine,
            Clock clock,
            PolicyProperties properties,
            SharingDecisions sharingDecisions) {
        this.accepted = accepted;
        this.reader = reader;
        this.engine = engine;
        this.clock = clock;
        this.keep = properties.keepMessagesFor();
        this.sharingDecisions = sharingDecisions;
    }

    public Report run(RuleSet proposed, int days) {
        int[] decisions = {0};
        int[] changed = {0};
        List<Change> changes = new ArrayList<>();
        int messages = accepted.forEachKeptSince(Instant.now(clock).minus(Duration.ofDays(days)), kept -> {
            InboundMessage message = reader.reread(kept.body(), kept.hubMessageId(), kept.receivedAt());
            List<Decision> after;
            String refusal = null;
            try {
                after = sharingDecisions
                        .decide(proposed, message, FactsCodec.read(kept.facts()))
                        .decisions();
            } catch (MessageRefused refused) {
                refusal = "REFUSED: " + refused.getMessage();
                after = List.of();
            }
            Map<String, Decision> afterByAgency = new HashMap<>();
            after.forEach(d -> afterByAgency.put(d.agency(), d));
            Set<String> all = new TreeSet<>(kept.decided().keySet());
            all.addAll(afterByAgency.keySet());
            for (String agency : all) {
                decisions[0]++;
                Decision d = afterByAgency.get(agency);
                String now = refusal != null ? refusal : d == null ? "no decision" : describe(d);
                String then = kept.decided().getOrDefault(agency, "no decision");
                if (!now.equals(then)) {
                    changed[0]++;
                    if (changes.size() < MAX_LISTED) {
                        changes.add(new Change(
                                kept.hubMessageId(),
                                message.event().code(),
                                kept.receivedAt(),
                                agency,
                                then,
                                now,
                                d == null ? null : d.ruleId(),
                                d == null ? List.of() : d.reasons()));
                    }
                }
            }
        });
        return new Report(
                proposed.version(),
                engine.rules().version(),
                days,
                messages,
                decisions[0],
                changed[0],
                List.copyOf(changes));
    }

    /** Messages older than the retention lose their content and facts; returns how many. The timer calls it. */
    public int forgetOldMessages() {
        return accepted.forgetContentBefore(Instant.now(clock).minus(keep));
    }

    /** The longest dry run that has every message to work on. */
    public long daysKept() {
        return keep.toDays();
    }

    private static String describe(Decision d) {
        return d.basis() == null
                ? d.decision().name()
                : d.decision().name() + " " + d.basis().name();
    }
}
