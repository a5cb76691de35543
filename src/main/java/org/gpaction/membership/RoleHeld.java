package org.gpaction.membership;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A role a member holds or held.
 *
 * @param practiceOds null for a locum without a practice
 * @param to the last day of the role, or null while it goes on
 * @param declaredAt when the member declared the role themselves (joining online, or adding it to their details),
 *     or null when the union's record gives it: a membership import that lists the member confirms every role it
 *     gives them, and what an administrator records is the union's
 */
public record RoleHeld(
        PracticeRole role,
        String practiceOds,
        LocalDate from,
        LocalDate to,

        @Schema(
                description = "When the member declared the role themselves (on joining online or at"
                        + " /my-details), or null when the union's record gives it")
        Instant declaredAt) {

    public RoleHeld(PracticeRole role, String practiceOds, LocalDate from, LocalDate to) {
        this(role, practiceOds, from, to, null);
    }

    public boolean inForceOn(LocalDate day) {
        return !from.isAfter(day) && (to == null || !to.isBefore(day));
    }

    /** Declared by the member and not since confirmed by the union: not trusted for a vote until it is checked. */
    public boolean declaredByMember() {
        return declaredAt != null;
    }

    /** The same role, practice and days, whoever declared it. */
    public boolean sameRoleAs(RoleHeld other) {
        return role == other.role
                && java.util.Objects.equals(practiceOds, other.practiceOds)
                && from.equals(other.from)
                && java.util.Objects.equals(to, other.to);
    }
}
