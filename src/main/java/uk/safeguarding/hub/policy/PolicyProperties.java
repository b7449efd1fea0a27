package uk.safeguarding.hub.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.policy.*}: the sharing-rule file, and how long the hub keeps each message's own content and facts
 * for dry runs of proposed rules (after that only the decisions and the audit trail remain).
 */
@Validated
@ConfigurationProperties("hub.policy")
public record PolicyProperties(@NotBlank String rules, @NotNull @DefaultValue("90d") Duration keepMessagesFor) {}
