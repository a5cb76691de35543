package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.gpaction.common.web.UnreadBodies;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A part of a page that htmx fetches (the reception board's figures every few seconds, a ballot's turnout) asked for
 * after the session ended: answered 401 with {@code HX-Refresh: true}, so htmx reloads the whole page, which sends the
 * browser to sign in with the page itself to come back to. A redirect instead would have htmx swap the sign-in page
 * into the board and stop polling, and would save the fragment's address for after signing in. The request never
 * reaches the request cache.
 */
final class SignedOutRefresh extends OncePerRequestFilter {

    static final String HX_REQUEST = "HX-Request";
    static final String HX_REFRESH = "HX-Refresh";

    private final AuthorizationManager<HttpServletRequest> rules;

    SignedOutRefresh(AuthorizationManager<HttpServletRequest> rules) {
        this.rules = rules;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("true".equalsIgnoreCase(request.getHeader(HX_REQUEST))) {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (caller == null) {
                AuthorizationResult decision = rules.authorize(() -> null, request);
                if (decision != null && !decision.isGranted()) {
                    response.setHeader(HX_REFRESH, "true");
                    UnreadBodies.refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
