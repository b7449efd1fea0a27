package uk.safeguarding.hub.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import uk.safeguarding.hub.message.MessageRefused;

/** {@code hub.intake.*}: the largest message accepted, in bytes, on every channel (HTTPS, MLLP, broker, explain). */
@Validated
@ConfigurationProperties("hub.intake")
public record IntakeProperties(@Min(1024) @Max(67_108_864) int maxBytes) {

    /** Refuses (413) a body over the limit. Callers read at most {@code maxBytes + 1} bytes to find out. */
    public void requireWithinLimit(byte[] body) {
        if (body != null && body.length > maxBytes) {
            throw MessageRefused.tooLarge(maxBytes);
        }
    }
}
