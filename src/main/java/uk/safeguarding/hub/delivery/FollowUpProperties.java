package uk.safeguarding.hub.delivery;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.follow-up.*} (docs/decisions.md "Follow-up"): how many working days children's social care has to answer a
 * referral before the referrer is told it is overdue (3; 1 for level 3, immediate harm), the bank holidays that are
 * not working days, and how often the hub looks.
 */
@Validated
@ConfigurationProperties("hub.follow-up")
public record FollowUpProperties(
        @Min(0) int referralOutcomeWithin,
        @Min(0) int urgentReferralOutcomeWithin,
        @NotBlank String bankHolidays,
        @NotNull Duration checkPeriod) {}
