package org.gpaction.membership;

import java.util.List;

/**
 * Whether a member may vote under a rule set at an instant, with a plain reason for every rule they fail, or the
 * role that qualifies them.
 *
 * @param practiceOds the ODS code of the practice whose role qualifies the member, or null when they are not
 *     eligible or qualify without a practice (a locum with no fixed practice)
 * @param qualifyingRole the role that qualifies the member, or null when they are not eligible (or the decision is the
 *     scrutineer's, not the rules')
 */
public record EligibilityDecision(
        String membershipNumber,
        boolean eligible,
        List<String> reasons,
        String evidence,
        String practiceOds,
        RoleHeld qualifyingRole) {

    public EligibilityDecision {
        reasons = List.copyOf(reasons);
    }

    public EligibilityDecision(
            String membershipNumber, boolean eligible, List<String> reasons, String evidence, String practiceOds) {
        this(membershipNumber, eligible, reasons, evidence, practiceOds, null);
    }

    public EligibilityDecision(String membershipNumber, boolean eligible, List<String> reasons, String evidence) {
        this(membershipNumber, eligible, reasons, evidence, null, null);
    }

    /** Eligible only by a role the member declared themselves, which the union has not confirmed. */
    public boolean selfDeclared() {
        return eligible && qualifyingRole != null && qualifyingRole.declaredByMember();
    }
}
