package org.gpaction.membership.members;

import java.time.LocalDate;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;

/** One row of a membership file that passed its own checks, on its way to the staging table. */
record StagedRow(
        int line,
        String membershipNumber,
        String gmcNumber,
        String givenName,
        String familyName,
        String email,
        MembershipStatus status,
        LocalDate statusSince,
        LocalDate joinedOn,
        PracticeRole role,
        String practiceOds,
        LocalDate roleFrom,
        LocalDate roleTo) {}
