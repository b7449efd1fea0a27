package uk.safeguarding.hub.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import uk.safeguarding.hub.delivery.Notices;
import uk.safeguarding.hub.message.Event;

/**
 * MESH workflow ids: one per event, {@code SAFEGUARDING_} and the event's code in capitals with {@code _} for
 * {@code -} ({@code SAFEGUARDING_SCREENING_RESULT}), the same for each of the hub's notices, and
 * {@code SAFEGUARDING_RECEIPT} for the hub's receipts and refusals.
 */
public final class Workflows {

    public static final String PREFIX = "SAFEGUARDING_";
    public static final String RECEIPT = PREFIX + "RECEIPT";

    private Workflows() {}

    /** The workflow id of an event's or a notice's code. */
    public static String of(String code) {
        return Event.meshWorkflowIdOf(code);
    }

    /** The event a workflow id names, if it names one. */
    public static Optional<Event> event(String workflowId) {
        for (Event e : Event.values()) {
            if (of(e.code()).equals(workflowId)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Every workflow id agencies send with: one per event. */
    public static List<String> sent() {
        List<String> ids = new ArrayList<>();
        for (Event e : Event.values()) {
            ids.add(of(e.code()));
        }
        return ids;
    }

    /** Every workflow id the hub puts in an agency's inbox: events, notices, receipts. */
    public static List<String> all() {
        List<String> ids = new ArrayList<>(sent());
        for (Notices.Kind k : Notices.Kind.values()) {
            ids.add(of(k.code()));
        }
        ids.add(RECEIPT);
        return ids;
    }
}
