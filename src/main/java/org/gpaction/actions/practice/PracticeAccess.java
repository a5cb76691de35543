package org.gpaction.actions.practice;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may see and change a practice's actions, checked on every request: practice staff see their own practices,
 * LMC officers the practices of their LMC, administrators all. Only practice managers (for their own practices)
 * and administrators change anything. A practice someone may not see is answered as if it did not exist.
 */
@Component
public class PracticeAccess {

    private final Practices practices;

    PracticeAccess(Practices practices) {
        this.practices = practices;
    }

    Practice toSee(StaffPrincipal staff, String odsCode) {
        String code = odsCode == null ? "" : odsCode.strip().toUpperCase(Locale.ROOT);
        return practices
                .find(code)
                .filter(practice -> maySee(staff, practice))
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no practice " + abbreviate(code) + " you can see"));
    }

    Practice toChange(StaffPrincipal staff, String odsCode) {
        Practice practice = toSee(staff, odsCode);
        if (!mayChange(staff, practice)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "Only the practice's managers and administrators can change the actions of " + practice.odsCode());
        }
        return practice;
    }

    static boolean maySee(StaffPrincipal staff, Practice practice) {
        return switch (staff.role()) {
            case ADMIN -> true;
            case PRACTICE_MANAGER, RECEPTIONIST -> staff.practices().contains(practice.odsCode());
            case LMC_OFFICER ->
                staff.lmc() != null && staff.lmc().equalsIgnoreCase(Objects.toString(practice.lmc(), ""));
            case SCRUTINEER -> false;
        };
    }

    static boolean mayChange(StaffPrincipal staff, Practice practice) {
        return mayChange(staff.role(), staff.practices(), practice.odsCode());
    }

    /**
     * The same rule, for someone known by their role and practices rather than signed in (an account changed, or the
     * subscriber to an email about to be sent).
     */
    public static boolean mayChange(StaffRole role, Set<String> practices, String odsCode) {
        return role == StaffRole.ADMIN || (role == StaffRole.PRACTICE_MANAGER && practices.contains(odsCode));
    }

    /** The practices to list for this person; administrators look practices up by code instead. */
    List<Practice> listed(StaffPrincipal staff) {
        List<Practice> found = switch (staff.role()) {
            case PRACTICE_MANAGER, RECEPTIONIST ->
                List.copyOf(practices.findAll(staff.practices()).values());
            case LMC_OFFICER ->
                practices.all().stream()
                        .filter(practice -> maySee(staff, practice))
                        .toList();
            case ADMIN, SCRUTINEER -> List.of();
        };
        return found.stream().sorted(Comparator.comparing(Practice::name)).toList();
    }

    private static String abbreviate(String value) {
        return value.length() > 12 ? value.substring(0, 12) + "…" : value;
    }
}
