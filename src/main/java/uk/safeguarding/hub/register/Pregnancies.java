package uk.safeguarding.hub.register;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * A message's unborn children and births as the family register knows them (docs/decisions.md "Unborn children"): an unborn
 * child whose due date is within 8 weeks of one already known is that pregnancy, under its register key, with the
 * due date revised; a baby of the mother born within 8 weeks of a known due date is that unborn child born, and a
 * neonatal-withdrawal notice is the birth of the mother's nearest pregnancy that still counts, however early.
 */
final class Pregnancies {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /** The message re-keyed, and its births: the unborn child's key to the baby's NHS number. */
    record Resolved(InboundMessage message, Map<String, String> births) {}

    private Pregnancies() {}

    static Resolved resolve(InboundMessage message, Map<String, LinkedChild> known) {
        List<LinkedChild> pregnancies =
                known.values().stream().filter(LinkedChild::unborn).toList();
        if (pregnancies.isEmpty()) {
            return new Resolved(message, Map.of());
        }
        LocalDate today = LocalDate.ofInstant(message.receivedAt(), LONDON);
        Map<String, String> rekeyed = new HashMap<>();
        Map<String, String> births = new LinkedHashMap<>();
        List<LinkedChild> children = new ArrayList<>();
        for (LinkedChild c : message.linkedChildren()) {
            if (c.unborn()) {
                Optional<LinkedChild> same =
                        nearest(pregnancies, c.expectedDelivery(), p -> p.samePregnancy(c.expectedDelivery()));
                if (same.isPresent()) {
                    rekeyed.put(c.key(), same.get().key());
                    children.add(same.get().revisedTo(c.expectedDelivery()));
                    continue;
                }
            } else if (isBabyOfTheMother(message, c)) {
                LocalDate born = c.birthDate() != null ? c.birthDate() : today;
                boolean notice = message.event() == Event.NEONATAL_WITHDRAWAL;
                nearest(
                                pregnancies,
                                born,
                                p -> !births.containsKey(p.key())
                                        && (notice ? p.isChildOn(born) : p.samePregnancy(born)))
                        .ifPresent(p -> births.put(p.key(), c.nhsNumber()));
            }
            children.add(c);
        }
        if (rekeyed.isEmpty() && births.isEmpty()) {
            return new Resolved(message, Map.of());
        }
        List<SafeguardingFlagUpdate> flags = message.flagUpdates().stream()
                .map(f -> rekeyed.containsKey(f.childKey())
                        ? new SafeguardingFlagUpdate(
                                f.flagType(), rekeyed.get(f.childKey()), f.active(), f.start(), f.end())
                        : f)
                .toList();
        // A birth's referral concerns the pregnancy too: a pre-birth referral makes it a second one.
        Set<String> concerns = new LinkedHashSet<>();
        message.concerns().forEach(k -> concerns.add(rekeyed.getOrDefault(k, k)));
        births.forEach((unborn, baby) -> {
            if (concerns.contains(baby)) {
                concerns.add(unborn);
            }
        });
        return new Resolved(message.withFamily(children, flags, List.copyOf(concerns)), Map.copyOf(births));
    }

    /** A baby named in the message: the neonatal notice's baby, or a child of the mother. */
    private static boolean isBabyOfTheMother(InboundMessage message, LinkedChild c) {
        return c.nhsNumber() != null
                && ("MTH".equals(c.relationship()) || message.event() == Event.NEONATAL_WITHDRAWAL);
    }

    private static Optional<LinkedChild> nearest(
            List<LinkedChild> pregnancies, LocalDate day, java.util.function.Predicate<LinkedChild> eligible) {
        return pregnancies.stream()
                .filter(eligible)
                .min(Comparator.comparingLong(p -> Math.abs(ChronoUnit.DAYS.between(p.expectedDelivery(), day))));
    }
}
