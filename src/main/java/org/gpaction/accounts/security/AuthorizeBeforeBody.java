package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.gpaction.common.web.UnreadBodies;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.server.ResponseStatusException;

/**
 * Applies the page rules to a request with a body before anything reads the body. The CSRF check looks for its token
 * among the form fields, and for a multipart upload that means reading the whole upload: without this a member of
 * staff who may not import could make the server read a file of any size allowed before being refused. A form for
 * one practice or event is checked the same way against the practice or event it names, so staff of another practice,
 * or an LMC officer of another LMC, are refused unread.
 */
final class AuthorizeBeforeBody extends OncePerRequestFilter {

    /** A module's own words for a refusal on some of its paths. */
    record Refusal(RequestMatcher paths, String message) {}

    /**
     * A module's check of the practice or event its paths name (their {@code variable}), for the caller's principal:
     * made once for a request however many of its patterns match it.
     */
    record ScopeCheck(List<PathPatternRequestMatcher> paths, String variable, BiConsumer<Object, String> check) {

        static ScopeCheck of(String method, List<String> patterns, String variable, BiConsumer<Object, String> check) {
            PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
            return new ScopeCheck(
                    patterns.stream()
                            .map(pattern -> builder.matcher(HttpMethod.valueOf(method), pattern))
                            .toList(),
                    variable,
                    check);
        }
    }

    static final String REFUSED = "Your account's role does not allow this.";

    private final AuthorizationManager<HttpServletRequest> rules;
    private final List<Refusal> refusals;
    private final List<ScopeCheck> scopeChecks;

    AuthorizeBeforeBody(
            AuthorizationManager<HttpServletRequest> rules, List<Refusal> refusals, List<ScopeCheck> scopeChecks) {
        this.rules = rules;
        this.refusals = List.copyOf(refusals);
        this.scopeChecks = List.copyOf(scopeChecks);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // A request without a body is left to the chain's own rules, which answer a page's refusal with the refusal
        // page and keep a signed-out request to come back to after signing in.
        if (UnreadBodies.hasBody(request)) {
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            AuthorizationResult decision = rules.authorize(() -> caller, request);
            if (decision != null && !decision.isGranted()) {
                if (caller == null) {
                    UnreadBodies.refuse(
                            request,
                            response,
                            HttpServletResponse.SC_FOUND,
                            UnreadBodies.redirectTo(request.getContextPath() + "/sign-in"));
                    return;
                }
                refuse(request, response, HttpServletResponse.SC_FORBIDDEN, refusal(refusals, request));
                return;
            }
            if (caller != null) {
                try {
                    checkScope(caller, request);
                } catch (ResponseStatusException refused) {
                    refuse(
                            request,
                            response,
                            refused.getStatusCode().value(),
                            refused.getReason() == null ? REFUSED : refused.getReason());
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** Throws the module's refusal when the path names a practice or event the caller may not send this form for. */
    private void checkScope(Authentication caller, HttpServletRequest request) {
        for (ScopeCheck scope : scopeChecks) {
            for (PathPatternRequestMatcher path : scope.paths()) {
                RequestMatcher.MatchResult match = path.matcher(request);
                if (match.isMatch()) {
                    scope.check()
                            .accept(caller.getPrincipal(), match.getVariables().get(scope.variable()));
                    break;
                }
            }
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException, ServletException {
        UnreadBodies.refuse(
                request,
                response,
                status,
                UnreadBodies.body("text/plain;charset=UTF-8", message.getBytes(StandardCharsets.UTF_8)));
    }

    /** What a caller refused on this request is told: the words of the first module's rule for its path, if any. */
    static String refusal(List<Refusal> refusals, HttpServletRequest request) {
        return refusals.stream()
                .filter(refusal -> refusal.paths().matches(request))
                .map(Refusal::message)
                .findFirst()
                .orElse(REFUSED);
    }
}
