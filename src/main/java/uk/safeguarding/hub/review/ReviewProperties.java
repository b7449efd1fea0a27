package uk.safeguarding.hub.review;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.review}: how long an opened message's content stays open to the officer who opened it ({@code
 * open-for}), and how long an opening may wait for a Caldicott guardian's review before it shows red on the dashboard
 * and in the quarterly figures ({@code review-within}).
 */
@Validated
@ConfigurationProperties("hub.review")
public record ReviewProperties(
        @NotNull @DefaultValue("60m") Duration openFor,
        @NotNull @DefaultValue("3d") Duration reviewWithin) {

    public ReviewProperties {
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("hub.review.open-for must be longer than nothing, not " + openFor);
        }
        if (reviewWithin.isNegative() || reviewWithin.isZero()) {
            throw new IllegalArgumentException(
                    "hub.review.review-within must be longer than nothing, not " + reviewWithin);
        }
    }
}
