package uk.safeguarding.hub.register;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the facts a decision was made on, as JSON, with the message: a dry run of new rules decides old messages
 * again on the registers as they stood then, not as they stand now.
 */
public final class FactsCodec {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FactsCodec() {}

    public static String write(FamilyFacts facts) {
        return JSON.writeValueAsString(facts);
    }

    public static FamilyFacts read(String json) {
        return JSON.readValue(json, FamilyFacts.class);
    }
}
