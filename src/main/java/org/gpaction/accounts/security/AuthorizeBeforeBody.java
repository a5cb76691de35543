package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the page rules to a request with a body before anything reads the body. The CSRF check looks for its token
 * among the form fields, and for a multipart upload that means reading the whole upload: without this a member of
 * staff who may not import could make the server read a file of any size allowed before being refused.
 */
final class AuthorizeBeforeBody extends OncePerRequestFilter {

    /** A module's own words for a refusal on some of its paths. */
    record Refusal(RequestMatcher paths, String message) {}

    static final String REFUSED = "Your account's role does not allow this.";

    private final AuthorizationManager<HttpServletRequest> rules;
    private final List<Refusal> refusals;

    AuthorizeBeforeBody(AuthorizationManager<HttpServletRequest> rules, List<Refusal> refusals) {
        this.rules = rules;
        this.refusals = List.copyOf(refusals);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (hasBody(request)) {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            AuthorizationResult decision = rules.authorize(() -> caller, request);
            if (decision != null && !decision.isGranted()) {
                closeAfterUnreadBody(request, response);
                if (caller == null) {
                    response.sendRedirect(request.getContextPath() + "/sign-in");
                    return;
                }
                response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                response.setContentType("text/plain;charset=UTF-8");
                response.getOutputStream().write(refusal(refusals, request).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** What a caller refused on this request is told: the words of the first module's rule for its path, if any. */
    static String refusal(List<Refusal> refusals, HttpServletRequest request) {
        return refusals.stream()
                .filter(refusal -> refusal.paths().matches(request))
                .map(Refusal::message)
                .findFirst()
                .orElse(REFUSED);
    }

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    /** A request refused with its body unread: that body stays on the connection, so it cannot carry another. */
    static void closeAfterUnreadBody(HttpServletRequest request, HttpServletResponse response) {
        if (hasBody(request)) {
            response.setHeader("Connection", "close");
        }
    }
}
