package uk.safeguarding.hub.intake;

import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.message.MessageRefused;

/**
 * {@code POST /fhir/$process-message}: only {@code application/fhir+json} (415 otherwise); reads at most the
 * configured number of bytes (413 beyond), then hands the
 * body and the authenticated agency to the {@code intake-fhir} route. No HTTP header reaches Camel.
 */
@RestController
class FhirIntakeController {

    static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final ProducerTemplate camel;
    private final Quarantine quarantine;
    private final IntakeProperties properties;

    FhirIntakeController(ProducerTemplate camel, Quarantine quarantine, IntakeProperties properties) {
        this.camel = camel;
        this.quarantine = quarantine;
        this.properties = properties;
    }

    @PostMapping("/fhir/$process-message")
    ResponseEntity<String> processMessage(
            InputStream body,
            @AuthenticationPrincipal UserDetails agency,
            @RequestHeader(value = "Content-Type", required = false) String contentType)
            throws IOException {
        byte[] bytes = body.readNBytes(properties.maxBytes() + 1);
        IntakeResponse response;
        if (!isFhirJson(contentType)) {
            response = quarantine.refuse(
                    new MessageRefused(
                            415,
                            "not-supported",
                            "Content-Type must be " + FHIR_JSON + " (was "
                                    + (contentType == null ? "none" : contentType) + ")"),
                    bytes.length > properties.maxBytes() ? null : bytes,
                    agency.getUsername());
        } else if (bytes.length > properties.maxBytes()) {
            response = quarantine.refuse(MessageRefused.tooLarge(properties.maxBytes()), null, agency.getUsername());
        } else {
            response = camel.requestBody(
                    "direct:intake-fhir", new FhirSubmission(bytes, agency.getUsername()), IntakeResponse.class);
        }
        return ResponseEntity.status(response.status()).contentType(FHIR_JSON).body(response.body());
    }

    /** A form, plain text or anything else is refused: a browser can post those cross-site without asking. */
    static boolean isFhirJson(String contentType) {
        try {
            return contentType != null && FHIR_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }
}
