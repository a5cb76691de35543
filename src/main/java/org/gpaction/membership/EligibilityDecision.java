package org.gpaction.membership;

import java.util.List;

/**
 * Whether a member may vote under a rule set at an instant, with a plain reason for every rule they fail, or the
 * role that qualifies them.
 */
public record EligibilityDecision(String membershipNumber, boolean eligible, List<String> reasons, String evidence) {

    public EligibilityDecision {
        reasons = List.copyOf(reasons);
    }
}
