package org.gpaction.membership.selfservice;

import java.util.Map;

/**
 * A role's end refused because the member's roles are no longer as their page showed them (an import reordered or
 * changed them, or the role has ended meanwhile). The page shows it as any other problem, with the roles as they are
 * now, and answers 409, keeping nothing typed: the row it was typed on may now be another role's.
 */
class RolesChangedMeanwhile extends InvalidDetails {

    private static final String CHANGED = "Your roles changed: check them and try again";

    RolesChangedMeanwhile() {
        this(CHANGED);
    }

    private RolesChangedMeanwhile(String problem) {
        super(Map.of("roles", problem));
    }

    /**
     * The change, and what to fix in the last day sent, said for the page as a whole and on no role's row: the last day's
     * problem in its own sentence, as its field gives it.
     */
    static RolesChangedMeanwhile withLastDayToFix(String lastDayProblem) {
        return new RolesChangedMeanwhile(CHANGED + ". The last day sent needs fixing too. " + lastDayProblem + ".");
    }

    /** The change, sent with no last day at all: there is no day sent to fix, only one to enter. */
    static RolesChangedMeanwhile withNoLastDaySent() {
        return new RolesChangedMeanwhile(CHANGED + ". No last day was sent: enter the last day in the role.");
    }
}
