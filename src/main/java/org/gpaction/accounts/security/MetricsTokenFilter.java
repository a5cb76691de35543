package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import org.gpaction.accounts.BearerTokens;
import org.gpaction.common.SecretTokens;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a Prometheus server read the metrics with {@code Authorization: Bearer <GPACTION_METRICS_TOKEN>}, without a
 * session or an account. Only {@code /actuator/prometheus} takes the token, and only when one is configured; a wrong
 * one counts against the sending address like a wrong API token.
 */
class MetricsTokenFilter extends OncePerRequestFilter {

    static final String PATH = "/actuator/prometheus";
    static final String SCRAPER = "METRICS_SCRAPER";

    private final byte[] expected;
    private final SignInThrottle throttle;

    MetricsTokenFilter(MetricsProperties properties, SignInThrottle throttle) {
        this.expected = properties.tokenAccess() ? SecretTokens.hash(properties.token()) : null;
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().equals(request.getContextPath() + PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = BearerTokens.of(request);
        if (token == null) {
            chain.doFilter(request, response);
            return;
        }
        // Both sides hashed first, so the comparison takes the same time whatever was sent and however long it is.
        byte[] sent = SecretTokens.hash(token);
        if (expected != null && MessageDigest.isEqual(sent, expected)) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                    "metrics scraper", null, List.of(new SimpleGrantedAuthority("ROLE_" + SCRAPER))));
            SecurityContextHolder.setContext(context);
            chain.doFilter(request, response);
            return;
        }
        WrongTokens.refuse(
                throttle,
                SecretKind.METRICS_TOKEN_ADDRESS,
                request,
                response,
                "wrong metrics tokens",
                expected == null
                        ? "Metrics are not open to a token here: set GPACTION_METRICS_TOKEN, or sign in as an administrator."
                        : "The bearer token is not the metrics token (GPACTION_METRICS_TOKEN).");
    }
}
