package org.gpaction.accounts.security;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.FailedAttempts.Counted;

/** The secrets staff sign-in guards, each counted on its own. */
public enum SecretKind implements FailedAttempts.Kind {
    /** Counted under a keyed hash of the account's email address ({@link SignInThrottle}). */
    SIGN_IN_ACCOUNT {
        @Override
        public Counted counted() {
            return Counted.PER_SUBJECT_GIVEN;
        }
    },
    SIGN_IN_ADDRESS,
    API_TOKEN_ADDRESS,
    METRICS_TOKEN_ADDRESS,
    SETUP_LINK_ADDRESS,
    PASSWORD_LINK_ADDRESS;
}
