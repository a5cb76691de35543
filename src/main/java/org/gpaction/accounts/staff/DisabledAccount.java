package org.gpaction.accounts.staff;

import java.util.Map;

/**
 * A password link asked for an account that is disabled. The staff list and the API answer 409, as when an
 * administrator is still needed: the same request succeeds once the account is enabled again.
 */
class DisabledAccount extends InvalidStaffDetails {

    DisabledAccount() {
        super(Map.of("id", "The account is disabled: enable it before sending a password link"));
    }
}
