package uk.safeguarding.hub.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.x509.X509AuthenticationFilter;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;

/**
 * Agency systems authenticate by client certificate (TLS checks the chain to a trusted CA and the validity
 * dates). The certificate maps to an agency when its SHA-256 fingerprint equals that of the certificate the
 * register names; an inactive agency is refused. People (IG_OFFICER, OPS) sign in with HTTP Basic over the same
 * TLS, against the hashed users of {@code hub.people}, throttled and locked after repeated failures (SignInGuard).
 * Each path names the roles it admits; health is open. Every read of personal data and every refusal is audited
 * (AccessAuditFilter); a state-changing call from another site's page is refused (CrossOriginGuard).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String AGENCY = "AGENCY";
    static final String IG_OFFICER = "IG_OFFICER";
    static final String OPS = "OPS";

    @Bean
    SecurityFilterChain hubApi(
            HttpSecurity http,
            AgencyRegister register,
            PeopleProperties people,
            AgencyTrust trust,
            SignInProperties signInLimits,
            Clock clock,
            AuditTrail audit,
            ChainWriter chain,
            MeterRegistry meters)
            throws Exception {
        // A revoked, unregistered or inactive agency's certificate maps to nobody.
        X509PrincipalExtractor byFingerprint =
                cert -> trust.agencyOf(cert).map(Agency::id).orElse("unknown");
        UserDetailsService agencies = id -> register.find(id)
                .filter(Agency::active)
                .map(a -> User.withUsername(a.id()).password("").roles(AGENCY).build())
                .orElseThrow(() -> new UsernameNotFoundException("no active agency for this certificate"));
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(peopleService(people));
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        http.x509(x509 -> x509.x509PrincipalExtractor(byFingerprint).userDetailsService(agencies))
                .httpBasic(basic -> basic.realmName("safeguarding-hub"))
                .authenticationProvider(new SignInGuard(passwords, signInLimits, clock, audit, chain, meters))
                // Outermost: it sees every answer, refusals by the filters below included, with who asked.
                .addFilterAfter(new AccessAuditFilter(audit, chain), SecurityContextHolderFilter.class)
                .addFilterBefore(new CrossOriginGuard(), X509AuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/fhir/**", "/mailbox/**")
                        .hasRole(AGENCY)
                        .requestMatchers("/api/decisions/explain")
                        .hasAnyRole(AGENCY, IG_OFFICER)
                        .requestMatchers("/api/audit/verify", "/api/follow-up")
                        .hasAnyRole(IG_OFFICER, OPS)
                        .requestMatchers(
                                "/api/rules",
                                "/api/rules/**",
                                "/api/reports/**",
                                "/api/audit",
                                "/api/agencies",
                                "/api/agencies/**")
                        .hasRole(IG_OFFICER)
                        .requestMatchers("/api/queues", "/api/queues/**", "/actuator/**")
                        .hasRole(OPS)
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    private static UserDetailsService peopleService(PeopleProperties people) {
        Map<String, PeopleProperties.Person> byName =
                people.users().stream().collect(Collectors.toMap(PeopleProperties.Person::name, p -> p));
        return name -> {
            PeopleProperties.Person p = byName.get(name);
            if (p == null) {
                throw new UsernameNotFoundException("no such user");
            }
            return User.withUsername(p.name())
                    .password(p.password())
                    .roles(p.roles().toArray(String[]::new))
                    .build();
        };
    }
}
