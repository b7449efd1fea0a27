package uk.safeguarding.hub.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import uk.safeguarding.hub.delivery.Notices;
import uk.safeguarding.hub.message.Event;

/**
 * The MESH workflow ids (configuration {@code hub.mesh.workflows}, keyed by event or notice code, and {@code receipt}):
 * one per event, one per notice of the hub's, and one for receipts and refusals. Unless configured otherwise,
 * {@code SAFEGUARDING_} and the code in capitals with {@code _} for {@code -} ({@code SAFEGUARDING_SCREENING_RESULT}),
 * and {@code SAFEGUARDING_RECEIPT}. Checked at start: a key that is no event or notice, a value that is no workflow id,
 * or two codes with one id stop the start, naming the key.
 */
public final class Workflows {

    public static final String RECEIPT_KEY = "receipt";

    private final Map<String, String> byCode;
    private final String receipt;

    private Workflows(Map<String, String> byCode, String receipt) {
        this.byCode = Map.copyOf(byCode);
        this.receipt = receipt;
    }

    /** The configured ids over the defaults; a problem stops the start with the key it is about. */
    public static Workflows of(Map<String, String> configured) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (Event e : Event.values()) {
            ids.put(e.code(), Event.meshWorkflowIdOf(e.code()));
        }
        for (Notices.Kind k : Notices.Kind.values()) {
            ids.put(k.code(), Event.meshWorkflowIdOf(k.code()));
        }
        ids.put(RECEIPT_KEY, Event.meshWorkflowIdOf(RECEIPT_KEY));
        List<String> problems = new ArrayList<>();
        (configured == null ? Map.<String, String>of() : configured).forEach((code, id) -> {
            if (!ids.containsKey(code)) {
                problems.add("hub.mesh.workflows." + code + ": no event or notice is called " + code + " (known: "
                        + String.join(", ", new TreeSet<>(ids.keySet())) + ")");
            } else if (id == null || !id.matches("[A-Z0-9_]{1,64}")) {
                problems.add("hub.mesh.workflows." + code + ": " + id
                        + " is not a MESH workflow id (capitals, digits and _, at most 64)");
            } else {
                ids.put(code, id);
            }
        });
        Map<String, String> seen = new LinkedHashMap<>();
        ids.forEach((code, id) -> {
            String other = seen.putIfAbsent(id, code);
            if (other != null) {
                problems.add("hub.mesh.workflows." + code + ": " + id + " is already the workflow id of " + other);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the MESH workflow ids are wrong: " + String.join("; ", problems));
        }
        String receipt = ids.remove(RECEIPT_KEY);
        return new Workflows(ids, receipt);
    }

    /** The workflow id of an event's or a notice's code. */
    public String of(String code) {
        String id = byCode.get(code);
        return id == null ? Event.meshWorkflowIdOf(code) : id;
    }

    /** The workflow id of the hub's receipts and refusals. */
    public String receipt() {
        return receipt;
    }

    /** The event a workflow id names, if it names one. */
    public Optional<Event> event(String workflowId) {
        for (Event e : Event.values()) {
            if (of(e.code()).equals(workflowId)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The workflow id of each event and notice, by its code. */
    public Map<String, String> byCode() {
        return byCode;
    }
}
