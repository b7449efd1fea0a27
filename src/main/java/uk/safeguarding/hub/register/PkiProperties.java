package uk.safeguarding.hub.register;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.pki.*}: the development PKI (made on first start when {@code generate-dev} is true) and the CA's
 * certificate revocation list for agency certificates ({@code crl}, verified against {@code crl-issuer}; a missing
 * file means nothing is revoked).
 */
@Validated
@ConfigurationProperties("hub.pki")
public record PkiProperties(
        boolean generateDev,
        @NotBlank String devDirectory,
        @NotBlank String crl,
        @NotBlank String crlIssuer) {}
