package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.gpaction.accounts.BearerTokens;
import org.gpaction.accounts.StaffPrincipal;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in an API request that carries {@code Authorization: Bearer <token>}. A token that is not valid is refused,
 * except on the paths open to anyone: there it is counted as one against the address and the request goes on
 * without a sign-in, so a script still sending a revoked token can get a new one from POST /api/tokens.
 */
class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final SignInThrottle throttle;
    private final RequestMatcher open;

    BearerTokenFilter(ApiTokens tokens, SignInThrottle throttle, RequestMatcher open) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.open = open;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = BearerTokens.of(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        // The token is checked before the address's count: a valid one works whatever others sent from there.
        Optional<StaffPrincipal> staff = tokens.authenticate(token);
        if (staff.isEmpty() && open.matches(request)) {
            WrongTokens.count(throttle, SecretKind.API_TOKEN_ADDRESS, request);
            chain.doFilter(request, response);
            return;
        }
        if (staff.isEmpty()) {
            WrongTokens.refuse(
                    throttle,
                    SecretKind.API_TOKEN_ADDRESS,
                    request,
                    response,
                    "invalid tokens",
                    BearerTokens.NOT_VALID);
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                staff.get(), null, staff.get().getAuthorities()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
