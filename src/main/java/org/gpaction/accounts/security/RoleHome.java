package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.RedirectStrategy;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.util.UrlUtils;

/**
 * Where each role lands after signing in, unless they were on their way to a page when asked to sign in: a practice
 * manager on their practice, a receptionist on the reception board, a scrutineer on the ballots, an LMC officer on
 * their LMC's uptake. Administrators, who can reach everything, land on the start page.
 *
 * <p>The page they were on their way to is remembered as a whole address, with the scheme this instance saw: behind a
 * proxy that ends TLS without saying so, that is plain HTTP. It is sent as its path alone, so the browser stays on the
 * address it used.
 */
final class RoleHome extends SavedRequestAwareAuthenticationSuccessHandler {

    RoleHome() {
        setRedirectStrategy(new PathOnly());
    }

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

    /** Redirects to a path on this site; a whole address (a remembered page's) is sent as its path and query. */
    private static final class PathOnly implements RedirectStrategy {

        @Override
        public void sendRedirect(HttpServletRequest request, HttpServletResponse response, String url)
                throws IOException {
            String path = request.getContextPath() + url;
            if (UrlUtils.isAbsoluteUrl(url)) {
                int start = url.indexOf('/', url.indexOf("://") + 3);
                path = start < 0 ? "/" : url.substring(start);
            }
            response.sendRedirect(response.encodeRedirectURL(path));
        }
    }
}
