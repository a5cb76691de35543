package org.gpaction.accounts.security;

import org.springframework.security.authentication.AuthenticationServiceException;

/** The database failed while a sign-in was being checked: nothing was judged or counted, and it can be tried again. */
class SignInUnavailable extends AuthenticationServiceException {

    static final String MESSAGE =
            "Signing in is not available just now. Nothing was counted against you: try again in a minute.";

    /** Seconds to wait before trying again, for a Retry-After header. */
    static final int RETRY_AFTER_SECONDS = 60;

    SignInUnavailable(Throwable cause) {
        super(MESSAGE, cause);
    }
}
