package org.gpaction.accounts.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.StaffRepository;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a signed-in session in step with its account, on every application instance: disabling the account ends
 * its sessions at their next request, and a changed role, practices or LMC applies from the next request. A session
 * signed in under a password since chosen, changed or reset (or before the account was disabled) ends at its next
 * request too, even one written after the change deleted the account's sessions. Each request reads only the
 * account's versions by its key; the account is reloaded only when one has moved on.
 */
class AccountStillEnabledFilter extends OncePerRequestFilter {

    private final StaffRepository staff;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    AccountStillEnabledFilter(StaffRepository staff) {
        this.staff = staff;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof StaffPrincipal principal
                && !staff.versions(principal.id())
                        .equals(Optional.of(
                                new StaffRepository.Versions(principal.version(), principal.credentialsVersion())))) {
            Optional<StaffPrincipal> current = staff.findPrincipalById(principal.id());
            if (current.isEmpty()
                    || !current.get().isEnabled()
                    || current.get().credentialsVersion() != principal.credentialsVersion()) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else {
                StaffPrincipal changed = current.get();
                changed.eraseCredentials();
                UsernamePasswordAuthenticationToken refreshed =
                        UsernamePasswordAuthenticationToken.authenticated(changed, null, changed.getAuthorities());
                refreshed.setDetails(authentication.getDetails());
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(refreshed);
                SecurityContextHolder.setContext(context);
                sessions.saveContext(context, request, response);
            }
        }
        chain.doFilter(request, response);
    }
}
