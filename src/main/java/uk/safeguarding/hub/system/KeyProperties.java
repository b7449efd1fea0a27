package uk.safeguarding.hub.system;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code hub.keys.*}: the hub's signing key and certificate (PEM), the only place the key is read from. */
@Validated
@ConfigurationProperties("hub.keys")
record KeyProperties(
        @NotBlank String hubCertificate, @NotBlank String hubPrivateKey) {}
