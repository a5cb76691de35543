package org.gpaction.accounts.security;

import org.springframework.security.authentication.DisabledException;

/**
 * The right password of a disabled account. Only someone who knows the password is told the account is disabled (a
 * wrong password is refused as for any account), and it is no guess, so it counts against neither the account nor the
 * network address.
 */
class AccountDisabled extends DisabledException {

    static final String MESSAGE =
            "This account is disabled, so it cannot sign in. Ask an administrator if it should be enabled again.";

    AccountDisabled() {
        super(MESSAGE);
    }
}
