package uk.safeguarding.hub.system.web;

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
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.operations.AgencySeenFilter;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;

/**
 * Agency systems authenticate by client certificate (TLS checks the chain to a trusted CA and the validity
 * dates). The certificate maps to an agency when its SHA-256 fingerprint equals that of the certificate the
 * register names; an inactive agency is refused. People (IG_OFFICER, OPS, AUDITOR) sign in to the console with a
 * form and a session, and scripts to the API with HTTP Basic, over the same TLS, against the hashed users of
 * {@code hub.people}, throttled and locked after repeated failures (one SignInGuard for both).
 * Each path names the roles it admits; health is open. Every read of personal data and every refusal is audited
 * (AccessAuditFilter); a state-changing call from another site's page is refused (CrossOriginGuard).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String AGENCY = Access.AGENCY;
    static final String IG_OFFICER = Access.IG_OFFICER;
    static final String OPS = Access.OPS;
    static final String AUDITOR = Access.AUDITOR;
    static final String CALDICOTT_GUARDIAN = Access.CALDICOTT_GUARDIAN;

    /** The console's paths: pages, the sign-in form and the assets they use. Everything else is the API. */
    static final String[] CONSOLE = {
        "/",
        "/sign-in",
        "/sign-out",
        "/console",
        "/console/**",
        "/webjars/**",
        "/assets/**",
        "/favicon.ico",
        "/oauth2/authorization/**",
        "/login/oauth2/**",
        "/signed-in"
    };

    /**
     * A chain's own providers only (the guard, and what its sign-in methods add: certificates, OpenID Connect). As a
     * bean the guard is also in Spring's global manager, the chain's parent by default, which a failed try would
     * reach as well, counting one wrong password twice.
     */
    private static void withoutGlobalManager(HttpSecurity http) {
        http.getSharedObject(
                        org.springframework.security.config.annotation.authentication.builders
                                .AuthenticationManagerBuilder.class)
                .parentAuthenticationManager(null);
    }

    /** One guard for both sign-ins (the form and HTTP Basic): a person's failures count together. */
    @Bean
    SignInGuard signInGuard(
            PeopleProperties people,
            SignInProperties signInLimits,
            Clock clock,
            AuditTrail audit,
            ChainWriter chain,
            MeterRegistry meters) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(peopleService(people));
        passwords.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return new SignInGuard(passwords, signInLimits, clock, audit, chain, meters);
    }

    /**
     * People in a browser: a sign-in form, a session cookie ({@code Secure}, {@code HttpOnly}, {@code SameSite=Strict},
     * idle timeout from {@code server.servlet.session.timeout}), a CSRF token on every state change, sign-out. No HTTP
     * Basic and no client certificate here; the API's chain below never reads the session.
     */
    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityFilterChain console(
            HttpSecurity http,
            SignInGuard signInGuard,
            AuditTrail audit,
            ChainWriter chain,
            org.springframework.beans.factory.ObjectProvider<
                            org.springframework.security.oauth2.client.registration.ClientRegistrationRepository>
                    oidcClients,
            OidcProperties oidc,
            Clock clock)
            throws Exception {
        if (oidcClients.getIfAvailable() != null) {
            // NHS CIS2 or another OpenID Connect provider: roles from the claim mapping only; back through a
            // same-site page so that the Strict session cookie goes with the first request to the console.
            http.oauth2Login(login -> login.loginPage("/sign-in")
                    .authorizationEndpoint(a -> a.authorizationRequestRepository(new SignInRequests(clock)))
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(new OidcRoles(oidc)))
                    .successHandler((request, response, who) -> {
                        audit.append(new AuditTrail.Entry(
                                uk.safeguarding.hub.audit.AuditType.SIGNED_IN,
                                null,
                                null,
                                null,
                                null,
                                Map.of(
                                        "user", who.getName(),
                                        "via", "oidc",
                                        "roles", who.getAuthorities().toString(),
                                        "address", request.getRemoteAddr())));
                        response.sendRedirect("/signed-in");
                    })
                    .failureHandler((request, response, e) -> {
                        audit.append(new AuditTrail.Entry(
                                uk.safeguarding.hub.audit.AuditType.SIGN_IN_FAILED,
                                null,
                                null,
                                null,
                                null,
                                Map.of("via", "oidc", "why", e.getMessage(), "address", request.getRemoteAddr())));
                        response.sendRedirect("/sign-in?error");
                    }));
        }
        withoutGlobalManager(http);
        http.securityMatcher(CONSOLE)
                .authenticationProvider(signInGuard)
                .addFilterAfter(new AccessAuditFilter(audit, chain), SecurityContextHolderFilter.class)
                .formLogin(form -> form.loginPage("/sign-in")
                        .loginProcessingUrl("/sign-in")
                        .defaultSuccessUrl("/console", true)
                        .failureHandler(new SignInFailure())
                        .permitAll())
                .logout(out -> out.logoutUrl("/sign-out")
                        .logoutSuccessUrl("/sign-in?signed-out")
                        .deleteCookies("hub-session"))
                .sessionManagement(s -> s.invalidSessionUrl("/sign-in?expired"))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none';"
                                + " form-action 'self'; base-uri 'none'")))
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/sign-in",
                                "/webjars/**",
                                "/assets/**",
                                "/favicon.ico",
                                "/oauth2/authorization/**",
                                "/login/oauth2/**",
                                "/signed-in")
                        .permitAll()
                        .requestMatchers("/", "/console", "/console/api", "/console/api/openapi.yaml")
                        .authenticated()
                        .requestMatchers("/console/operations", "/console/operations/**")
                        .hasRole(OPS)
                        // Changing the rules is an officer's; reading them and their history is an auditor's too.
                        .requestMatchers(
                                "/console/rules/change",
                                "/console/rules/change/**",
                                "/console/rules/explain",
                                "/console/rules/explain/**",
                                "/console/rules/what-if")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/console/rules/**")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(
                                org.springframework.http.HttpMethod.GET,
                                "/console/rules",
                                "/console/rules/proposals",
                                "/console/rules/proposals/*",
                                "/console/rules/history")
                        .hasAnyRole(IG_OFFICER, AUDITOR)
                        // A person's disclosure log, and what goes out in their subject access response: officers.
                        .requestMatchers(
                                "/console/disclosures",
                                "/console/disclosures.csv",
                                "/console/disclosures.pdf",
                                "/console/disclosures/**")
                        .hasRole(IG_OFFICER)
                        // The register likewise: officers change it, auditors read it.
                        .requestMatchers("/console/agencies/new")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(
                                org.springframework.http.HttpMethod.POST, "/console/agencies", "/console/agencies/**")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(
                                org.springframework.http.HttpMethod.GET, "/console/agencies", "/console/agencies/**")
                        .hasAnyRole(IG_OFFICER, AUDITOR)
                        .requestMatchers("/console/audit", "/console/audit.csv")
                        .hasAnyRole(IG_OFFICER, AUDITOR)
                        // Opening content for a review: officers open it; Caldicott guardians review each opening;
                        // auditors see the queue and every outcome.
                        .requestMatchers("/console/openings/new", "/console/openings/find")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/console/openings")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/console/openings/*/review")
                        .hasRole(CALDICOTT_GUARDIAN)
                        .requestMatchers(
                                org.springframework.http.HttpMethod.GET, "/console/openings", "/console/openings/*")
                        .hasAnyRole(IG_OFFICER, CALDICOTT_GUARDIAN, AUDITOR)
                        .requestMatchers("/console/reports", "/console/reports.csv")
                        .hasAnyRole(IG_OFFICER, AUDITOR)
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
    SecurityFilterChain hubApi(
            HttpSecurity http,
            AgencyRegister register,
            AgencyTrust trust,
            SignInGuard signInGuard,
            AuditTrail audit,
            ChainWriter chain,
            uk.safeguarding.hub.operations.LastSeen lastSeen,
            @org.springframework.beans.factory.annotation.Value("${hub.metrics.token:}") String metricsToken)
            throws Exception {
        // A revoked, unregistered or inactive agency's certificate maps to nobody.
        X509PrincipalExtractor byFingerprint =
                cert -> trust.agencyOf(cert).map(Agency::id).orElse("unknown");
        UserDetailsService agencies = id -> register.find(id)
                .filter(Agency::active)
                .map(a -> User.withUsername(a.id()).password("").roles(AGENCY).build())
                .orElseThrow(() -> new UsernameNotFoundException("no active agency for this certificate"));
        withoutGlobalManager(http);
        http.x509(x509 -> x509.x509PrincipalExtractor(byFingerprint).userDetailsService(agencies))
                .httpBasic(basic -> basic.realmName("safeguarding-hub"))
                .authenticationProvider(signInGuard)
                // Outermost: it sees every answer, refusals by the filters below included, with who asked.
                .addFilterAfter(new AccessAuditFilter(audit, chain), SecurityContextHolderFilter.class)
                .addFilterBefore(new CrossOriginGuard(), X509AuthenticationFilter.class)
                .addFilterBefore(new MetricsTokenFilter(metricsToken), X509AuthenticationFilter.class)
                .addFilterAfter(
                        new AgencySeenFilter(lastSeen),
                        org.springframework.security.web.access.intercept.AuthorizationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/pki/agencies.crl")
                        .permitAll()
                        // The API's description: for any agency or person who may use some of it.
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/openapi.yaml")
                        .authenticated()
                        .requestMatchers("/fhir/**", "/mailbox/**", "/messageexchange/**")
                        .hasRole(AGENCY)
                        .requestMatchers("/api/decisions/explain")
                        .hasAnyRole(AGENCY, IG_OFFICER)
                        .requestMatchers("/api/audit/verify")
                        .hasAnyRole(IG_OFFICER, OPS, AUDITOR)
                        .requestMatchers("/api/follow-up")
                        .hasAnyRole(IG_OFFICER, OPS)
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/retention")
                        .hasAnyRole(IG_OFFICER, OPS)
                        .requestMatchers("/api/legal-holds", "/api/legal-holds/**")
                        .hasRole(IG_OFFICER)
                        // The auditor reads the audit and the reports, and changes nothing.
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/audit", "/api/reports/**")
                        .hasAnyRole(IG_OFFICER, AUDITOR)
                        .requestMatchers(
                                "/api/rules",
                                "/api/rules/**",
                                "/api/reports/**",
                                "/api/audit",
                                "/api/agencies",
                                "/api/agencies/**")
                        .hasRole(IG_OFFICER)
                        .requestMatchers(MetricsTokenFilter.PATH)
                        .hasAnyRole(OPS, MetricsTokenFilter.METRICS)
                        .requestMatchers(
                                "/api/queues", "/api/queues/**", "/api/data-keys", "/api/data-keys/**", "/actuator/**")
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
