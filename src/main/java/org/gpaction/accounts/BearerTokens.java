package org.gpaction.accounts;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/**
 * How an API caller signs in, and what it is told when it has not: for a module whose API path is open to anyone
 * (where a token that is not valid lets the request on unsigned) and must refuse one of its calls itself.
 */
public final class BearerTokens {

    /** The scheme in {@code Authorization}, with the space before the token. */
    private static final String PREFIX = "Bearer ";

    /** The refusal of a call that sent no bearer token. */
    public static final String NONE_SENT = "Send Authorization: Bearer <token>; get a token from POST /api/tokens.";

    /** The refusal of a call whose bearer token is not (or no longer) valid. */
    public static final String NOT_VALID = "The bearer token is not valid: it may have been revoked or its account "
            + "disabled. Get a new one from POST /api/tokens.";

    private BearerTokens() {}

    /** The bearer token the request carries, valid or not; null when it carries none. */
    public static String of(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? header.substring(PREFIX.length()).strip()
                : null;
    }

    /** What a request that reached an open path unsigned is told when the call needs a caller. */
    public static String unsignedRefusal(HttpServletRequest request) {
        return of(request) != null ? NOT_VALID : NONE_SENT;
    }
}
