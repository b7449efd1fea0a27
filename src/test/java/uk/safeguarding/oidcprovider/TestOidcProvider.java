package uk.safeguarding.oidcprovider;

import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect provider for the tests (Spring Authorization Server), standing where NHS CIS2 stands: its own
 * web server on 127.0.0.1 (another site than the hub's localhost, as CIS2 is), a client registered for the hub, and
 * people whose ID tokens carry a {@code roles} claim. Outside the hub's packages, so the hub never scans it.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    OAuth2AuthorizationServerAutoConfiguration.class,
    OAuth2AuthorizationServerJwtAutoConfiguration.class
})
public class TestOidcProvider {

    /** Who signs in at the provider, and the role-claim values each one's ID token carries. */
    public static final Map<String, List<String>> PEOPLE =
            Map.of("cis2-operator", List.of("hub-ops", "unrelated-role"), "cis2-nobody", List.of("unrelated-role"));

    public static final String PASSWORD = "cis2-" + Long.toHexString(System.nanoTime());
    public static final String CLIENT_ID = "safeguarding-hub";
    public static final String CLIENT_SECRET = "hub-secret-" + Long.toHexString(System.nanoTime());

    @Bean
    UserDetailsService people() {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        PEOPLE.keySet()
                .forEach(name -> users.createUser(User.withUsername(name)
                        .password("{noop}" + PASSWORD)
                        .roles("USER")
                        .build()));
        return users;
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> roleClaim() {
        return context -> {
            if ("id_token".equals(context.getTokenType().getValue())) {
                context.getClaims()
                        .claim(
                                "roles",
                                PEOPLE.getOrDefault(context.getPrincipal().getName(), List.of()));
            }
        };
    }

    /** Starts it on 127.0.0.1:{@code port}, with the hub's client redirected back to {@code redirectUri}. */
    public static ConfigurableApplicationContext start(int port, String redirectUri) {
        String client = "spring.security.oauth2.authorizationserver.client.hub.";
        return new SpringApplicationBuilder(TestOidcProvider.class)
                .properties(
                        "spring.config.location=optional:classpath:/oidc-provider-has-no-config/",
                        "spring.main.banner-mode=off",
                        "server.port=" + port,
                        "server.address=127.0.0.1",
                        "spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:" + port,
                        client + "registration.client-id=" + CLIENT_ID,
                        client + "registration.client-secret={noop}" + CLIENT_SECRET,
                        client + "registration.client-authentication-methods=client_secret_basic",
                        client + "registration.authorization-grant-types=authorization_code",
                        client + "registration.redirect-uris=" + redirectUri,
                        client + "registration.scopes=openid,profile",
                        client + "require-authorization-consent=false")
                .run();
    }
}
