package uk.safeguarding.hub.operations;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import uk.safeguarding.hub.audit.Access;

/** Notes when an agency, authenticated by its certificate and let through, last called the API. */
public class AgencySeenFilter extends OncePerRequestFilter {

    private final LastSeen lastSeen;

    public AgencySeenFilter(LastSeen lastSeen) {
        this.lastSeen = lastSeen;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (who != null
                && who.isAuthenticated()
                && who.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_" + Access.AGENCY))) {
            lastSeen.saw(who.getName());
        }
        chain.doFilter(request, response);
    }
}
