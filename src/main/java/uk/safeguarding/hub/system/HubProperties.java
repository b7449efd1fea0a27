package uk.safeguarding.hub.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.data-dir}: where the hub keeps what it writes (the database, the broker's journal, the audit
 * checkpoints), in folders only its own user can read. The other {@code hub.*} sections have their own records.
 */
@Validated
@ConfigurationProperties("hub")
record HubProperties(@NotBlank String dataDir) {}
