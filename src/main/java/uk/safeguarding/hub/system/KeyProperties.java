package uk.safeguarding.hub.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.keys.*}: the hub's signing key and certificate (PEM), the only place the key is read from, and how
 * often the files are looked at for a new pair (a rotation).
 */
@Validated
@ConfigurationProperties("hub.keys")
record KeyProperties(
        @NotBlank String hubCertificate,
        @NotBlank String hubPrivateKey,
        @jakarta.validation.constraints.NotNull java.time.Duration refreshPeriod) {}
