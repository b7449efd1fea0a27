package uk.safeguarding.hub.policy;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.policy.*}: the sharing-rule file, and how long the hub keeps each message's own content and facts
 * for dry runs of proposed rules (after that only the decisions and the audit trail remain), looked at every
 * {@code forget-period}; {@code refresh-period}: how often an instance looks for rules another one applied;
 * {@code four-eyes}: a rule change applies only when a second officer approves it (Proposals).
 */
@Validated
@ConfigurationProperties("hub.policy")
public record PolicyProperties(
        @NotBlank String rules,
        @NotNull @DefaultValue("90d") Duration keepMessagesFor,
        @NotNull @DefaultValue("10s") Duration refreshPeriod,
        @NotNull @DefaultValue("1h") Duration forgetPeriod,
        @DefaultValue("true") boolean fourEyes) {}
