package uk.safeguarding.hub.system.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.safeguarding.hub.audit.Access;

/**
 * A state-changing call that a browser made on behalf of another site is refused before anyone is signed in:
 * browsers always say where such a request comes from ({@code Origin}, and {@code Sec-Fetch-Site}), so a page
 * elsewhere cannot use an officer's stored credentials to post to the hub. Agency systems and scripts send
 * neither header and are not affected. (The console's sessions will carry CSRF tokens as well.)
 */
class CrossOriginGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SAFE.contains(request.getMethod()) && fromAnotherSite(request)) {
            request.setAttribute(
                    Access.REFUSED_BECAUSE,
                    "a state-changing call from another site (Origin " + request.getHeader("Origin") + ")");
            response.setStatus(403);
            response.setContentType("application/json");
            response.getWriter().write("{\"problem\":\"cross-origin request refused\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean fromAnotherSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String own = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort();
        String ownDefault = request.getScheme() + "://" + request.getServerName();
        return !(origin.equalsIgnoreCase(own)
                || (request.getServerPort() == 443 && origin.equalsIgnoreCase(ownDefault)));
    }
}
