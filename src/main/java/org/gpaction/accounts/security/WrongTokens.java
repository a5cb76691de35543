package org.gpaction.accounts.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.http.HttpHeaders;

/**
 * The answer to a bearer token that is not valid: counted against the sender's address, and once the address has
 * sent too many, a pause said with how long. A valid token is checked before this, so it always works.
 */
final class WrongTokens {

    private WrongTokens() {}

    /** Counts a token that is not valid against the sender's address, unless the address is already paused. */
    static void count(SignInThrottle throttle, SecretKind kind, HttpServletRequest request) {
        String address = request.getRemoteAddr();
        if (throttle.pausedFor(kind, address).isEmpty()) {
            throttle.failed(kind, address);
        }
    }

    /**
     * @param tooMany what the address sent too many of, as a phrase ("invalid tokens")
     * @param why what is wrong with this one and what to do
     */
    static void refuse(
            SignInThrottle throttle,
            SecretKind kind,
            HttpServletRequest request,
            HttpServletResponse response,
            String tooMany,
            String why)
            throws IOException, ServletException {
        String address = request.getRemoteAddr();
        Optional<RetryAfter> paused = throttle.pausedFor(kind, address).map(RetryAfter::new);
        if (paused.isPresent()) {
            response.setHeader(
                    HttpHeaders.RETRY_AFTER, Long.toString(paused.get().seconds()));
            ProblemResponses.write(
                    request,
                    response,
                    429,
                    "Too many requests",
                    "Too many " + tooMany + " from this address. Try again in " + SignInThrottle.describe(paused.get())
                            + ".");
            return;
        }
        throttle.failed(kind, address);
        ProblemResponses.write(request, response, 401, "Unauthorized", why);
    }
}
