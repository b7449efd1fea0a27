package uk.safeguarding.hub.system.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Where an OpenID Connect sign-in waits between leaving for the provider and coming back. The console's session
 * cookie is {@code SameSite=Strict}, so a browser does not send it with the provider's redirect back (a cross-site
 * navigation) and a request kept in the session would be lost. The request is kept here instead, under a random key
 * in its own cookie ({@code hub-sign-in}: Secure, HttpOnly, SameSite=Lax, for the return path only, five minutes),
 * and taken out on return: used once.
 */
class SignInRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

    static final String COOKIE = "hub-sign-in";
    static final String PATH = "/login/oauth2/";
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Waiting(OAuth2AuthorizationRequest request, Instant until) {}

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private final Clock clock;

    SignInRequests(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
        Waiting w = find(request);
        return w == null ? null : w.request();
    }

    @Override
    public void saveAuthorizationRequest(
            OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request, HttpServletResponse response) {
        Instant now = Instant.now(clock);
        waiting.values().removeIf(w -> w.until().isBefore(now));
        if (authorizationRequest == null) {
            removeAuthorizationRequest(request, response);
            return;
        }
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        waiting.put(id, new Waiting(authorizationRequest, now.plus(LIFETIME)));
        response.addHeader("Set-Cookie", cookie(id, LIFETIME).toString());
    }

    @Override
    public OAuth2AuthorizationRequest removeAuthorizationRequest(
            HttpServletRequest request, HttpServletResponse response) {
        String id = id(request);
        Waiting w = id == null ? null : waiting.remove(id);
        if (id != null) {
            response.addHeader("Set-Cookie", cookie("", Duration.ZERO).toString());
        }
        return w == null || w.until().isBefore(Instant.now(clock)) ? null : w.request();
    }

    private Waiting find(HttpServletRequest request) {
        String id = id(request);
        Waiting w = id == null ? null : waiting.get(id);
        return w == null || w.until().isBefore(Instant.now(clock)) ? null : w;
    }

    private static String id(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return null;
        }
        for (Cookie c : request.getCookies()) {
            if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    private static ResponseCookie cookie(String value, Duration maxAge) {
        return ResponseCookie.from(COOKIE, value)
                .secure(true)
                .httpOnly(true)
                .sameSite("Lax")
                .path(PATH)
                .maxAge(maxAge)
                .build();
    }
}
