package org.gpaction.accounts.staff;

import java.util.Map;

/**
 * A change refused because it would take away an administrator that must stay (the last enabled one), or because the
 * person making it has just stopped being an administrator themselves. The Change page shows it as any other problem
 * with the form, as does the New account page, and the staff list's Disable, Enable and Send password link
 * on the list shown again; they
 * and the API answer 409, since the same request can succeed once the accounts are different.
 */
class AdministratorStillNeeded extends InvalidStaffDetails {

    AdministratorStillNeeded(String field, String problem) {
        super(Map.of(field, problem));
    }
}
