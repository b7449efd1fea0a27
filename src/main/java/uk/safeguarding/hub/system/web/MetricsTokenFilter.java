package uk.safeguarding.hub.system.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A metrics scrape signs in with {@code Authorization: Bearer <hub.metrics.token>} (development: generated into
 * {@code certs/dev/hub.secrets}; production: {@code HUB_METRICS_TOKEN}), compared in constant time as SHA-256
 * digests: no password is hashed per scrape. The token admits {@code /actuator/prometheus} and nothing else; a
 * wrong one is answered 401 (and audited as a refusal). Without a configured token only an operator's password
 * opens the page.
 */
class MetricsTokenFilter extends OncePerRequestFilter {

    static final String METRICS = "METRICS";
    static final String PATH = "/actuator/prometheus";

    private final byte[] expected;

    MetricsTokenFilter(String token) {
        this.expected = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        return !PATH.equals(request.getRequestURI()) || auth == null || !auth.startsWith("Bearer ");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] given = sha256(
                request.getHeader("Authorization").substring("Bearer ".length()).strip());
        if (expected == null || !MessageDigest.isEqual(expected, given)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"safeguarding-hub\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "metrics-scrape", null, List.of(new SimpleGrantedAuthority("ROLE_" + METRICS))));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
