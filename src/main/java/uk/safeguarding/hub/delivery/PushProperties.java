package uk.safeguarding.hub.delivery;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.push.*}: delivery to agencies' HTTPS endpoints. A failed POST is tried again by the broker after
 * {@code first-retry-after}, doubling each time up to {@code longest-wait}; after {@code max-attempts} tries the
 * share moves to the dead-letter queue {@code DLQ.push}.
 */
@Validated
@ConfigurationProperties("hub.push")
public record PushProperties(
        @Min(1) @Max(100) int maxAttempts,
        @NotNull Duration firstRetryAfter,
        @NotNull Duration longestWait,
        @NotNull Duration timeout) {}
