package uk.safeguarding.hub.system.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * HTTPS accepts connections before the Camel routes behind it have started: until the hub is ready, every call
 * gets {@code 503} with {@code Retry-After}, not a 500 and a stack trace from a route that is not there yet.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartingGate extends OncePerRequestFilter implements ApplicationListener<ApplicationReadyEvent> {

    private volatile boolean ready;

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        ready = true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!ready) {
            response.setStatus(503);
            response.setHeader("Retry-After", "5");
            response.setContentType("application/json");
            response.getWriter().write("{\"problem\":\"the hub is starting; try again in a few seconds\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
