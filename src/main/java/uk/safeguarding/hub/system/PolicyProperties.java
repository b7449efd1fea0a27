package uk.safeguarding.hub.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.policy.rules}: the sharing-rule file. */
@Validated
@ConfigurationProperties("hub.policy")
record PolicyProperties(@NotBlank String rules) {}
