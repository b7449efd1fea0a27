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
        response.sendRedirect(exception instanceof LockedException ? "/sign-in?locked" : "/sign-in?error");
    }
}
