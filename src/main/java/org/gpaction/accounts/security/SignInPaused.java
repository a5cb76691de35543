package org.gpaction.accounts.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Too many failed attempts: the password was not even checked. */
public class SignInPaused extends AuthenticationException {

    private final Duration wait;

    public SignInPaused(Duration wait) {
        super("Too many failed sign-in attempts. Try again in " + SignInThrottle.describe(wait) + ".");
        this.wait = wait;
    }

    public Duration retryAfter() {
        return wait;
    }
}
