package uk.safeguarding.hub.system.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Back to the sign-in form, saying only what a person may know: the name or password was wrong, or sign-in is
 * paused (throttled or locked; SignInGuard has audited it). Never which of name and password was wrong.
 */
class SignInFailure implements AuthenticationFailureHandler {

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        // The form shows the name again, and how long a pause lasts; in the session, never in the URL.
        var session = request.getSession();
        session.setAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_NAME, request.getParameter("username"));
        if (exception instanceof SignInGuard.Paused paused && paused.until() != null) {
            session.setAttribute(uk.safeguarding.hub.audit.Access.SIGN_IN_PAUSED_UNTIL, paused.until());
        }
        response.sendRedirect(exception instanceof LockedException ? "/sign-in?locked" : "/sign-in?error");
    }
}
