package uk.safeguarding.hub.operations;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.storage.*}: the free space of the data directory (database, broker journal, audit checkpoints) below
 * which the dashboard warns ({@code warn-below}), and below which the hub's health is DOWN ({@code down-below}): the
 * hub then refuses messages with 503 until space returns, and recovers by itself.
 */
@Validated
@ConfigurationProperties("hub.storage")
public record StorageProperties(
        @NotNull @DefaultValue("512MB") DataSize warnBelow,
        @NotNull @DefaultValue("32MB") DataSize downBelow) {}
