package uk.safeguarding.hub.system;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.x509.X509PrincipalExtractor;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * Agency systems authenticate by client certificate (TLS checks the chain to a trusted CA and the validity
 * dates). The certificate maps to an agency when its SHA-256 fingerprint equals that of the certificate the
 * register names; an inactive agency is refused. Everything but health needs an authenticated agency.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String AGENCY = "AGENCY";

    @Bean
    SecurityFilterChain agencyApi(HttpSecurity http, AgencyRegister register) throws Exception {
        Map<String, String> agencyByFingerprint = register.all().stream()
                .collect(Collectors.toMap(a -> fingerprint(a.certificate()), Agency::id));
        X509PrincipalExtractor byFingerprint = cert -> agencyByFingerprint.getOrDefault(fingerprint(cert), "unknown");
        UserDetailsService agencies = id -> register.find(id)
                .filter(Agency::active)
                .map(a -> User.withUsername(a.id()).password("").roles(AGENCY).build())
                .orElseThrow(() -> new UsernameNotFoundException("no active agency for this certificate"));
        http.x509(x509 -> x509.x509PrincipalExtractor(byFingerprint).userDetailsService(agencies))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(AGENCY));
        return http.build();
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
