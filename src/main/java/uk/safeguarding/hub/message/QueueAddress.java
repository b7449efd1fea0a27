package uk.safeguarding.hub.message;

/**
 * The broker's addresses, each a queue of the same name. The hub's own: its intake of agencies' JMS messages, the
 * shares waiting to be pushed, and the dead letters of both. Per agency ({@link #of}): its mailbox, its receipts
 * and its intake address (the broker lets each agency send only to its own intake, which is diverted to the hub's).
 * The route files name the hub's own addresses too, as literals (they are configuration, not Java).
 */
public enum QueueAddress {
    HUB_INTAKE("hub.intake"),
    PUSH("push.outbound"),
    DEAD_PUSH("DLQ.push"),
    DEAD_HUB_INTAKE("DLQ.hub.intake"),
    MAILBOX("mailbox."),
    RECEIPTS("receipts."),
    AGENCY_INTAKE("intake.");

    private final String name;

    QueueAddress(String name) {
        this.name = name;
    }

    /** The hub's own address; for a per-agency one, its prefix. */
    public String address() {
        return name;
    }

    /** The agency's own address of this kind: {@code mailbox.gp}. */
    public String of(String agencyId) {
        if (!name.endsWith(".")) {
            throw new IllegalStateException(this + " is not an agency's address");
        }
        return name + agencyId;
    }

    /** The broker's wildcard for every agency's address of this kind: {@code mailbox.#}. */
    public String everyAgency() {
        return of("#");
    }

    public boolean isAgencyAddress(String address) {
        return name.endsWith(".") && address.startsWith(name);
    }
}
