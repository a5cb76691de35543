package org.gpaction.membership.selfservice;

import org.gpaction.common.ratelimit.RetryAfter;

/**
 * Too many requests from one address: the caller answers 429 saying only when to try again ({@link #retryAfter}),
 * nothing else.
 */
class TooManyRequests extends RuntimeException {

    private final RetryAfter retryAfter;

    TooManyRequests(RetryAfter retryAfter) {
        super("Too many requests from this address");
        this.retryAfter = retryAfter;
    }

    RetryAfter retryAfter() {
        return retryAfter;
    }
}
