package uk.safeguarding.hub.delivery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.delivery.*}: how old a pending share must be before the sweep relays it (the normal path relays at
 * once), how long an acknowledgement waits for the broker, and how long an urgent delivery may wait unacknowledged
 * before it raises an alert (DOMAIN.md: 1 hour).
 */
@Validated
@ConfigurationProperties("hub.delivery")
public record DeliveryProperties(@NotNull Duration sweepAfter, @NotNull Duration receiveTimeout,
        @NotNull Duration urgentAckWithin) {}
