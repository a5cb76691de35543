package org.gpaction.accounts.security;

import org.gpaction.common.ratelimit.FailedAttempts;

/** The secrets staff sign-in guards, each counted on its own. */
public enum SecretKind implements FailedAttempts.Kind {
    SIGN_IN_ACCOUNT,
    SIGN_IN_ADDRESS,
    API_TOKEN_ADDRESS,
    METRICS_TOKEN_ADDRESS,
    SETUP_LINK_ADDRESS,
    PASSWORD_LINK_ADDRESS
}
