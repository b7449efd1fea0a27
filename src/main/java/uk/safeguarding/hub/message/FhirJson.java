package uk.safeguarding.hub.message;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/** The message as FHIR JSON, as the hub keeps it for dry runs. */
@Component
public class FhirJson {

    private final FhirContext fhir;

    public FhirJson(FhirContext fhir) {
        this.fhir = fhir;
    }

    public byte[] encode(InboundMessage message) {
        return fhir.newJsonParser().encodeResourceToString(message.payload()).getBytes(StandardCharsets.UTF_8);
    }
}
