package org.gpaction.accounts.staff;

/**
 * An account changed by someone else after the page asking to change it was opened: saving the page as it was would
 * undo their change (a practice they gave, and the person's emails about it), so nothing is saved. It says no time:
 * the account's last change may be the person's own new password, which is not what the page would undo.
 */
class StaffChangedMeanwhile extends RuntimeException {

    StaffChangedMeanwhile() {
        super("This account was changed by another administrator after you opened this page: check it as it is now"
                + " and save again");
    }
}
