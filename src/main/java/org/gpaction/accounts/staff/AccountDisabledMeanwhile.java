package org.gpaction.accounts.staff;

/**
 * A person's change of their own password that found their account disabled while it was being made. The current
 * password they gave proved right, so it is no wrong guess: they are told the account is disabled, as at sign-in.
 */
public class AccountDisabledMeanwhile extends RuntimeException {

    AccountDisabledMeanwhile() {
        super("This account is disabled, so its password cannot be changed. Ask an administrator if it should be"
                + " enabled again.");
    }
}
