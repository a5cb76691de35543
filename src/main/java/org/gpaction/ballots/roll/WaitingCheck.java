package org.gpaction.ballots.roll;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.PracticeRole;

/**
 * A member held for the scrutineer's check: the role (and practice) they declared themselves that is held for it, as
 * the page shows it and as Confirm and Refuse decide it.
 */
record WaitingCheck(
        long id,
        String membershipNumber,
        String role,
        String practiceOds,
        String evidence,
        Instant declaredAt,
        Instant waitingSince) {

    /** Read from the columns id, membership_number, role, practice_ods, evidence, declared_at, waiting_since. */
    static WaitingCheck read(ResultSet rs, int row) throws SQLException {
        return new WaitingCheck(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant());
    }

    /**
     * Eligible now only by a role the member declared that is not the one held for the check (another role or
     * practice): the scrutineer checked this one, not that. A role from the union's record needs no check.
     */
    boolean byAnotherDeclaration(EligibilityDecision decision) {
        return decision.selfDeclared()
                && !(decision.qualifyingRole().role().name().equals(role)
                        && Objects.equals(decision.practiceOds(), practiceOds));
    }

    String anotherRole(EligibilityDecision decision) {
        return "The " + PracticeRole.valueOf(role).lowerLabel() + " role" + at()
                + " held for this check no longer makes them eligible: the role that does is another they declared, "
                + decision.qualifyingRole().role().lowerLabel()
                + (decision.practiceOds() == null ? "" : " at " + decision.practiceOds())
                + ", not the one held for this check";
    }

    /**
     * What the page showed of the declaration checked (the role, the practice and when it was declared), which the
     * Confirm and Refuse forms send back: a waiting check moves to the member's new declaration (RollEnrolment).
     */
    String declaration() {
        return role + " " + (practiceOds == null ? "" : practiceOds) + " " + declaredAt;
    }

    String at() {
        return practiceOds == null ? "" : " at " + practiceOds;
    }
}
