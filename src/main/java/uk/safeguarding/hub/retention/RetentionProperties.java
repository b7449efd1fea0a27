package uk.safeguarding.hub.retention;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.retention.*}: how long each kind of record is kept (the reasons are in {@code config/application.yaml}
 * and docs/retention.md). The audit trail is kept at least as long as anything else (the disclosure log is read
 * from it), and a message's decisions at least as long as its shares.
 */
@Validated
@ConfigurationProperties("hub.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("1h") Duration period,
        @NotNull @DefaultValue("2190d") Duration deliveredShares,
        @NotNull @DefaultValue("2190d") Duration decisions,
        @NotNull @DefaultValue("30d") Duration quarantinedMessages,
        @NotNull @DefaultValue("2920d") Duration auditEntries) {

    public RetentionProperties {
        if (auditEntries != null && decisions != null && deliveredShares != null && quarantinedMessages != null) {
            if (auditEntries.compareTo(decisions) < 0
                    || auditEntries.compareTo(deliveredShares) < 0
                    || auditEntries.compareTo(quarantinedMessages) < 0) {
                throw new IllegalArgumentException("hub.retention.audit-entries (" + auditEntries.toDays()
                        + " days) must be at least as long as every other kind: the disclosure log and every"
                        + " investigation read the audit");
            }
            if (decisions.compareTo(deliveredShares) < 0) {
                throw new IllegalArgumentException("hub.retention.decisions (" + decisions.toDays()
                        + " days) must be at least hub.retention.delivered-shares (" + deliveredShares.toDays()
                        + " days): a share's decision outlives it");
            }
        }
    }
}
