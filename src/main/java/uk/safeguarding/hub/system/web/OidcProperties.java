package uk.safeguarding.hub.system.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.oidc.*}: how people signed in through an OpenID Connect provider (NHS CIS2) get their roles. The
 * provider and the hub's client are Spring Boot's {@code spring.security.oauth2.client.registration.<id>} and
 * {@code ...provider.<id>.issuer-uri}; when one is configured the sign-in page offers it ({@code label}). Roles come
 * from the ID token's {@code role-claim} (a string or a list): each value {@code roles} names gives that hub role;
 * a person with none of them signs in to no role. The person's name is the provider's {@code user-name-attribute}
 * (Spring Boot's; {@code sub} unless set).
 */
@Validated
@ConfigurationProperties("hub.oidc")
record OidcProperties(
        @DefaultValue("Sign in with NHS CIS2") @NotBlank String label,
        @DefaultValue("roles") @NotBlank String roleClaim,
        Map<
                        String,
                        @Pattern(
                                regexp = "IG_OFFICER|OPS|AUDITOR|CALDICOTT_GUARDIAN",
                                message = "must be IG_OFFICER, OPS, AUDITOR or CALDICOTT_GUARDIAN")
                        String>
                roles) {

    public OidcProperties {
        roles = roles == null ? Map.of() : Map.copyOf(roles);
    }
}
