package org.gpaction.membership.selfservice;

import java.util.Map;

/**
 * A role's end refused because the member's roles are no longer as their page showed them (an import reordered or
 * changed them, or the role has ended meanwhile). The page shows it as any other problem, with the roles as they are
 * now, and answers 409: nothing typed was wrong, and the same end can be sent again once checked.
 */
class RolesChangedMeanwhile extends InvalidDetails {

    RolesChangedMeanwhile() {
        super(Map.of("roles", "Your roles changed: check them and try again"));
    }
}
