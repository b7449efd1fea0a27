package uk.safeguarding.hub.delivery;

import java.util.List;

/** The outcome of acceptance: the receipt to answer with, and the shares now waiting in the outbox. */
public record Accepted(String hubMessageId, String receipt, List<String> deliveryIds, boolean duplicate) {}
