package org.gpaction.accounts.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.gpaction.common.web.UnreadBodies;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * A form refused for its CSRF token was nearly always open longer than its session (30 minutes) or lost its cookie:
 * that is no question of anyone's role. A public form whose module asked for it goes back (303) to its own page with
 * {@code ?expired}; any other gets the refusal page, told by {@link #FORM_EXPIRED} to say the form expired. Refusals of
 * other kinds get the refusal page as it is. Each is an {@link UnreadBodies} refusal: one of a request whose body is not
 * all read closes the connection after the answer.
 */
final class ExpiredFormHandler implements AccessDeniedHandler {

    /** The request attribute the refusal page reads. */
    static final String FORM_EXPIRED = "formExpired";

    private final RequestMatcher backToPage;

    ExpiredFormHandler(List<String> patterns) {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        this.backToPage = patterns.isEmpty()
                ? request -> false
                : new OrRequestMatcher(patterns.stream()
                        .<RequestMatcher>map(pattern -> paths.matcher(HttpMethod.POST, pattern))
                        .toList());
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        if (response.isCommitted()) {
            // Already answered, as AccessDeniedHandlerImpl leaves it.
            return;
        }
        if (denied instanceof CsrfException) {
            if (backToPage.matches(request)) {
                // The pattern matched the path, so the address is this site's own page, not one the caller chose.
                UnreadBodies.refuse(
                        request,
                        response,
                        HttpServletResponse.SC_SEE_OTHER,
                        UnreadBodies.redirectTo(request.getRequestURI() + "?expired"));
                return;
            }
            request.setAttribute(FORM_EXPIRED, Boolean.TRUE);
        }
        UnreadBodies.refuse(request, response, HttpServletResponse.SC_FORBIDDEN, UnreadBodies.errorPage());
    }
}
