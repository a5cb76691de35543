package org.gpaction.membership;

import java.time.LocalDate;
import java.util.List;

/** A member of the union as the roll records them now. */
public record Member(
        String membershipNumber,
        String gmcNumber,
        String givenName,
        String familyName,
        String email,
        MembershipStatus status,
        LocalDate statusSince,
        LocalDate joinedOn,
        List<RoleHeld> roles) {

    public Member {
        roles = List.copyOf(roles);
    }

    public String name() {
        return givenName + " " + familyName;
    }

    @Override
    public String toString() {
        return "Member[" + membershipNumber + "]";
    }
}
