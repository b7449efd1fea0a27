package uk.safeguarding.hub.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.mllp.*}: where the HL7 v2 listener (MLLP over TLS, client certificate required) listens, how many
 * connections it serves at once, and how long a connection may send nothing before it is closed. The
 * {@code intake-hl7} route reads the same properties.
 */
@Validated
@ConfigurationProperties("hub.mllp")
public record MllpProperties(
        @NotBlank String host,
        @Min(0) @Max(65535) int port,
        @Min(1) @Max(1000) int maxConnections,
        @NotNull @DefaultValue("5m") Duration idleTimeout) {}
