package uk.safeguarding.hub.register;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.register.*}: where the agency register lives, and how long involvement lasts (docs/decisions.md: 12 months).
 */
@Validated
@ConfigurationProperties("hub.register")
public record RegisterProperties(
        @NotBlank String agencies, @Min(1) @Max(120) int involvementMonths) {}
