package uk.safeguarding.hub.system.web;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.sign-in.*}: how people's failed sign-ins are slowed and then stopped. After {@code throttle-after}
 * failures within {@code window} a user must wait {@code throttle-delay} (doubling with each further failure)
 * before the next try is even checked; after {@code lock-after-per-user} failures the user is locked for
 * {@code lock-for}, and so is an address after {@code lock-after-per-address} failures, whichever users it tried.
 */
@Validated
@ConfigurationProperties("hub.sign-in")
record SignInProperties(
        @Min(1) int throttleAfter,
        @NotNull Duration throttleDelay,
        @Min(1) int lockAfterPerUser,
        @Min(1) int lockAfterPerAddress,
        @NotNull Duration window,
        @NotNull Duration lockFor) {}
