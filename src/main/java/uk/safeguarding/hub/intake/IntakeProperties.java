package uk.safeguarding.hub.intake;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.intake.*}: the largest message accepted, in bytes. */
@Validated
@ConfigurationProperties("hub.intake")
public record IntakeProperties(@Min(1024) @Max(67_108_864) int maxBytes) {}
