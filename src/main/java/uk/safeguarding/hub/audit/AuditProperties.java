package uk.safeguarding.hub.audit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.audit.*}: the key of the audit chain (base64, at least 32 bytes; never in the database, so whoever
 * holds the database cannot recompute the chain), the file the signed checkpoints of the chain's head are
 * appended to (outside the database: put it on another volume, append-only, in production), and how often.
 */
@Validated
@ConfigurationProperties("hub.audit")
public record AuditProperties(
        @NotBlank String key,
        @NotBlank String checkpoints,
        @NotNull Duration checkpointPeriod) {

    public AuditProperties {
        if (key != null && !key.isBlank() && ChainKey.decode(key).length < 32) {
            throw new IllegalArgumentException("hub.audit.key must be at least 32 random bytes, base64");
        }
    }
}
