package uk.safeguarding.hub.policy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A rule file sent to {@code /api/rules} is read as it came, whatever its Content-Type says: curl's
 * {@code --data-binary} calls it a form, and a form's body would be taken apart into parameters (by the servlet
 * container, or Spring's form filter for PUT) before the controller saw it. Read first, here; at most
 * {@link #MOST_BYTES}, beyond which the call is refused with its reason.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RuleBodies extends OncePerRequestFilter {

    public static final String BODY = "uk.safeguarding.hub.policy.ruleFile";
    static final int MOST_BYTES = 1024 * 1024;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/rules")
                || !("POST".equals(request.getMethod()) || "PUT".equals(request.getMethod()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MOST_BYTES + 1);
        if (body.length > MOST_BYTES) {
            response.setStatus(413);
            response.setContentType("application/json");
            response.getWriter()
                    .write("{\"valid\":false,\"problems\":[\"a rule file is at most " + MOST_BYTES + " bytes\"]}");
            return;
        }
        request.setAttribute(BODY, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        chain.doFilter(request, response);
    }
}
