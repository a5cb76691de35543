package org.gpaction.accounts;

import java.util.Optional;

/**
 * Staff accounts as they are at this moment, for work done for someone after their request has ended (an email they
 * asked for): their role and practices may have changed, or their account been disabled, since.
 */
public interface CurrentStaff {

    /** The enabled account with this email address as it is now, without its password hash; empty if none. */
    Optional<StaffPrincipal> enabled(String email);
}
