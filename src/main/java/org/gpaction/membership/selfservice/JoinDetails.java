package org.gpaction.membership.selfservice;

import org.gpaction.membership.PracticeRole;

/** What someone joining told us, kept until they confirm their email address. */
record JoinDetails(
        String givenName, String familyName, String gmcNumber, String email, PracticeRole role, String practiceOds) {

    @Override
    public String toString() {
        return "JoinDetails[role=" + role + "]";
    }
}
