package uk.safeguarding.hub.system.broker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.broker.*}: the embedded broker's TLS acceptor for agencies that send or collect by JMS (Core
 * protocol): its port, and the key and trust stores (PKCS#12; the development ones are made in certs/dev/); and
 * how often the broker intake tries a message that fails before it goes to {@code DLQ.hub.intake}.
 */
@Validated
@ConfigurationProperties("hub.broker")
public record BrokerProperties(
        boolean tlsEnabled,
        @Min(0) @Max(65535) int tlsPort,
        @NotBlank String keyStore,
        @NotBlank String keyStorePassword,
        @NotBlank String trustStore,
        @NotBlank String trustStorePassword,
        @Min(1) @Max(100) int intakeMaxAttempts,
        @jakarta.validation.constraints.NotNull java.time.Duration intakeFirstRetryAfter) {}
