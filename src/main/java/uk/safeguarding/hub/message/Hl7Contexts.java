package uk.safeguarding.hub.message;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import java.util.UUID;

/** HAPI v2 contexts for reading and writing HL7 v2, as the hub wants them. */
public final class Hl7Contexts {

    private Hl7Contexts() {}

    /**
     * A context whose message control ids are made in memory: HAPI's default keeps a counter in a file named
     * {@code id_file} in the working directory, outside the hub's data folder.
     */
    public static HapiContext create() {
        HapiContext context = new DefaultHapiContext();
        context.getParserConfiguration()
                .setIdGenerator(
                        () -> UUID.randomUUID().toString().replace("-", "").substring(0, 20));
        return context;
    }
}
