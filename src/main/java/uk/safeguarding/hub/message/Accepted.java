package uk.safeguarding.hub.message;

import java.util.List;

/**
 * The outcome of acceptance: the receipt to answer with, the shares now waiting to be relayed, whether this was
 * a resend of a message already accepted, and whether it changed consent (so that recalled shares leave their
 * queues at once).
 */
public record Accepted(
        String hubMessageId, String receipt, List<String> deliveryIds, boolean duplicate, boolean changesConsent) {}
