package uk.safeguarding.hub.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.mllp.*}: where the HL7 v2 listener (MLLP over TLS, client certificate required) listens, and how many
 * connections it serves at once. The {@code intake-hl7} route reads the same properties.
 */
@Validated
@ConfigurationProperties("hub.mllp")
public record MllpProperties(
        @NotBlank String host,
        @Min(0) @Max(65535) int port,
        @Min(1) @Max(1000) int maxConnections) {}
