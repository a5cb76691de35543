package org.gpaction.accounts.security;

import org.springframework.security.core.AuthenticationException;

/**
 * The email address or the password was left empty: there is nothing to check, so nothing is counted against the
 * account or the network address, and the sign-in page names the empty field rather than calling the pair wrong.
 */
class SignInIncomplete extends AuthenticationException {

    private final boolean noEmail;
    private final boolean noPassword;

    SignInIncomplete(boolean noEmail, boolean noPassword) {
        super("The email address or password was left empty");
        this.noEmail = noEmail;
        this.noPassword = noPassword;
    }

    boolean noEmail() {
        return noEmail;
    }

    boolean noPassword() {
        return noPassword;
    }
}
