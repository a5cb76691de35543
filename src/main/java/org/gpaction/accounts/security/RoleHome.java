package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * Where each role lands after signing in, unless they were on their way to a page when asked to sign in: a practice
 * manager on their practice, a receptionist on the reception board, a scrutineer on the ballots, an LMC officer on
 * their LMC's uptake. Administrators, who can reach everything, land on the start page.
 */
final class RoleHome extends SavedRequestAwareAuthenticationSuccessHandler {

    @Override
    protected String determineTargetUrl(HttpServletRequest request, HttpServletResponse response, Authentication auth) {
        if (!(auth.getPrincipal() instanceof StaffPrincipal staff)) {
            return "/";
        }
        return home(staff);
    }

    static String home(StaffPrincipal staff) {
        Set<String> practices = staff.practices();
        return switch (staff.role()) {
            case ADMIN -> "/";
            case SCRUTINEER -> "/ballots";
            case LMC_OFFICER -> "/actions/uptake";
            case PRACTICE_MANAGER ->
                practices.size() == 1
                        ? "/actions/practices/" + practices.iterator().next()
                        : "/actions/practices";
            case RECEPTIONIST ->
                practices.size() == 1 ? "/safe-working/" + practices.iterator().next() : "/safe-working";
        };
    }
}
