package org.gpaction.accounts.security;

import java.time.Duration;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.security.core.AuthenticationException;

/**
 * Too many failed attempts. An account's pause refuses even its right password, which was not checked; an address's
 * pause answers only a password that proved wrong, so it says so, and that the right one still signs in from there.
 */
class SignInPaused extends AuthenticationException {

    private final RetryAfter wait;

    private SignInPaused(RetryAfter wait, String message) {
        super(message);
        this.wait = wait;
    }

    /** The account is paused: a password link from an administrator lifts it, as choosing a password from one does. */
    static SignInPaused account(Duration pause) {
        RetryAfter wait = new RetryAfter(pause);
        return new SignInPaused(
                wait,
                "Too many failed sign-in attempts. Try again in " + SignInThrottle.describe(wait)
                        + ", or ask an administrator to send you a password link: choosing a new password from it"
                        + " lifts the pause at once.");
    }

    /** A wrong password from an address paused for too many of them, to whichever accounts. */
    static SignInPaused address(Duration pause) {
        RetryAfter wait = new RetryAfter(pause);
        return new SignInPaused(
                wait,
                "The email address or password is wrong. Too many wrong passwords have come from your network, so"
                        + " try again in " + SignInThrottle.describe(wait)
                        + "; the right email address and password still sign in from here now.");
    }

    /** The pause, for Retry-After: its seconds rounded up, so that a retry at that time finds the pause over. */
    RetryAfter retryAfter() {
        return wait;
    }
}
