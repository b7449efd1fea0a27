package uk.safeguarding.hub.delivery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.delivery.*}: how old a pending share must be before the sweep relays it (the normal path relays at
 * once) and how often the sweeps run, how long taking a share off its queue waits for the broker, and how long an
 * urgent delivery may wait unacknowledged before it raises an alert (1 hour), checked how often. The timer routes
 * read the periods from the same properties.
 */
@Validated
@ConfigurationProperties("hub.delivery")
public record DeliveryProperties(
        @NotNull Duration sweepAfter,
        @NotNull Duration sweepPeriod,
        @NotNull Duration receiveTimeout,
        @NotNull Duration urgentAckWithin,
        @NotNull Duration urgentCheckPeriod) {}
