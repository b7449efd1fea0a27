package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import uk.safeguarding.hub.message.QueueAddress;
import uk.safeguarding.hub.operations.Queues;
import uk.safeguarding.hub.register.Agency;

/**
 * The dashboard's queues as a person on duty reads them: per agency, what waits in its mailbox and since when, and
 * whether its system is collecting; the hub's own queues (intake, push, receipts, dead letters) apart.
 */
record Mailboxes(List<Mailbox> agencies, List<Queues.QueueState> hubOwn) {

    /** One agency's mailbox: how many shares wait, the oldest's age in words, and whether anyone collects. */
    record Mailbox(String agency, String name, String role, long waiting, String oldest, boolean collecting) {}

    static Mailboxes of(List<Queues.QueueState> queues, Collection<Agency> register) {
        Map<String, Queues.QueueState> byName = new java.util.HashMap<>();
        queues.forEach(q -> byName.put(q.name(), q));
        List<Mailbox> agencies = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        register.stream().sorted(java.util.Comparator.comparing(Agency::name)).forEach(a -> {
            String mailbox = QueueAddress.MAILBOX.of(a.id());
            Queues.QueueState q = byName.get(mailbox);
            shown.add(mailbox);
            agencies.add(new Mailbox(
                    a.id(),
                    a.name(),
                    a.role().name(),
                    q == null ? 0 : q.depth(),
                    q == null || q.depth() == 0 ? "none waiting" : UkTime.waitedFor(q.oldestAgeSeconds()),
                    q != null && q.consumers() > 0));
        });
        List<Queues.QueueState> own =
                queues.stream().filter(q -> !shown.contains(q.name())).toList();
        return new Mailboxes(List.copyOf(agencies), own);
    }
}
