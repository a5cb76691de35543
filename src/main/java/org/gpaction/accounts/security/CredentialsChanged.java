package org.gpaction.accounts.security;

/**
 * The account's password was chosen, changed or reset, or the account disabled, after the credentials a request was
 * signed in with were checked: nothing is issued under them, and the person signs in again.
 */
class CredentialsChanged extends RuntimeException {

    CredentialsChanged() {
        super("The account's password has changed or the account is disabled: sign in again");
    }
}
