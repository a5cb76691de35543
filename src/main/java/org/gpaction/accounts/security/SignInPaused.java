package org.gpaction.accounts.security;

import java.time.Duration;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.security.core.AuthenticationException;

/** Too many failed attempts: the password was not even checked. */
class SignInPaused extends AuthenticationException {

    private final RetryAfter wait;

    SignInPaused(Duration pause) {
        this(new RetryAfter(pause));
    }

    private SignInPaused(RetryAfter wait) {
        super("Too many failed sign-in attempts. Try again in " + SignInThrottle.describe(wait) + ".");
        this.wait = wait;
    }

    /** The pause, for Retry-After: its seconds rounded up, so that a retry at that time finds the pause over. */
    RetryAfter retryAfter() {
        return wait;
    }
}
