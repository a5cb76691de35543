package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.AccountDisabledMeanwhile;
import org.gpaction.accounts.staff.InvalidStaffDetails;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.web.TooManyRequestsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A signed-in person's own account: who they are, their password and their API tokens. */
@Controller
@RequestMapping("/account")
class AccountController {

    static final String PASSWORD_CHANGE_UNAVAILABLE =
            "Your password cannot be changed just now. Nothing was changed or counted against you: try again in a minute.";

    /**
     * The keys of the token forms this session was shown, to tell a form it never gave. Whether a key was used is
     * written with the token it made, in the database, not here: the session is saved only when a request ends.
     */
    static final String TOKEN_FORMS = AccountController.class.getName() + ".tokenForms";

    /** How many token forms a session remembers: a page shown longer ago than that many is out of date. */
    static final int TOKEN_FORMS_KEPT = 20;

    static final String TOKEN_ALREADY_MADE = "This form was sent before, and its token was made then and shown once:"
            + " it is not shown again, and no other token was made. To make another, enter a name and press Create a"
            + " token (revoke the one you did not copy)";

    static final String TOKEN_FORM_OUT_OF_DATE =
            "This form is out of date, so no token was made: enter a name and press Create a token again";

    private static final Logger log = LoggerFactory.getLogger(AccountController.class);

    record PasswordChange(String currentPassword, String newPassword, String confirmPassword) {
        @Override
        public String toString() {
            return "PasswordChange[hidden]";
        }
    }

    private final ApiTokens tokens;
    private final StaffAccounts staffAccounts;
    private final SignInThrottle throttle;

    AccountController(ApiTokens tokens, StaffAccounts staffAccounts, SignInThrottle throttle) {
        this.tokens = tokens;
        this.staffAccounts = staffAccounts;
        this.throttle = throttle;
    }

    @GetMapping("/password")
    String passwordForm(Model model) {
        model.addAttribute("form", new PasswordChange("", "", ""));
        return "accounts/account-password";
    }

    /**
     * Changes the signed-in person's password. A wrong current password counts as a failed sign-in for the
     * account, so a session left open cannot be used to guess it, and while the account is paused the change is refused
     * as a sign-in is, 429 with Retry-After. When the database fails before the change is made, the answer is 503 and
     * nothing is changed or counted, as at sign-in: a blip must not read as a wrong password. An account disabled while
     * the change is made is told so, 403 as at sign-in, counting nothing: the current password given was right. An
     * empty current password is 400 naming the field and counts nothing, as an empty password at sign-in.
     */
    @PostMapping("/password")
    String changePassword(
            @AuthenticationPrincipal StaffPrincipal staff,
            @ModelAttribute("form") PasswordChange form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            if (changed(staff, form, errors, request)) {
                redirect.addFlashAttribute(
                        "changed",
                        "Your password is changed: use it next time you sign in. Anywhere else you were signed"
                                + " in is signed out, and your API tokens no longer work: issue new ones if you"
                                + " need them");
                return "redirect:/account";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (SignInPaused e) {
            TooManyRequestsPage.refuse(e.retryAfter(), response);
            errors.rejectValue("currentPassword", "paused", e.getMessage());
        } catch (AccountDisabledMeanwhile e) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            errors.rejectValue("currentPassword", "disabled", e.getMessage());
        } catch (DataAccessException | CannotCreateTransactionException e) {
            // No connection for a transaction is a transaction not begun to Spring, not a data access failure.
            log.warn("A password change was not made: the database failed", e);
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", Integer.toString(SignInUnavailable.RETRY_AFTER_SECONDS));
            errors.rejectValue("currentPassword", "unavailable", PASSWORD_CHANGE_UNAVAILABLE);
        }
        model.addAttribute("hasErrors", true);
        return "accounts/account-password";
    }

    private boolean changed(
            StaffPrincipal staff, PasswordChange form, BindingResult errors, HttpServletRequest request) {
        if (form.currentPassword() == null || form.currentPassword().isEmpty()) {
            // Nothing was guessed: counting it would let empty sends pause the holder's own account, as at sign-in.
            errors.rejectValue("currentPassword", "missing", "Enter your current password");
        } else {
            Optional<Duration> paused = throttle.accountPausedFor(staff.email());
            if (paused.isPresent()) {
                throw SignInPaused.account(paused.get());
            }
        }
        if (!Objects.equals(form.newPassword(), form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "Passwords do not match: enter the same password twice");
        }
        if (errors.hasErrors()) {
            return false;
        }
        return change(staff, form, errors, request, throttle.beforeChecking(staff.email()));
    }

    /** Changes the password if the current one is right; the account counted this try before it is checked. */
    private boolean change(
            StaffPrincipal staff, PasswordChange form, BindingResult errors, HttpServletRequest request, long attempt) {
        long credentialsVersion;
        try {
            credentialsVersion = staffAccounts.changeOwnPassword(
                    staff.id(),
                    staff.email(),
                    form.currentPassword(),
                    form.newPassword(),
                    request.getSession().getId());
        } catch (InvalidStaffDetails e) {
            if (e.problems().containsKey("currentPassword")) {
                throttle.provedWrong(attempt);
                throttle.failedFromAddress(request.getRemoteAddr());
            } else {
                throttle.notChecked(attempt);
            }
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            return false;
        } catch (RuntimeException e) {
            // Nothing proved the current password wrong (the account disabled meanwhile, or a failure): not a guess.
            throttle.notChecked(attempt);
            throw e;
        }
        try {
            throttle.succeeded(staff.email());
        } catch (DataAccessException e) {
            // The password is changed: that stands. This try stays counted until its window ends, as at sign-in.
            log.warn("A staff account changed its password but its failed attempts could not be cleared", e);
        }
        carryOn(staff.withCredentialsVersion(credentialsVersion), request);
        return true;
    }

    /**
     * The session that changed the password stays signed in, under the credentials version the change made: from its
     * next request on, as this one redirects. It carries on under a new key, as at sign-in, so that whoever holds a copy
     * of its cookie (the one way left in after the other sessions ended) is shut out with them.
     */
    private static void carryOn(StaffPrincipal changed, HttpServletRequest request) {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        UsernamePasswordAuthenticationToken carried =
                UsernamePasswordAuthenticationToken.authenticated(changed, null, changed.getAuthorities());
        carried.setDetails(current == null ? null : current.getDetails());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(carried);
        request.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        request.changeSessionId();
    }

    /** The page, its token form carrying a new key that the session remembers until the form is sent. */
    @GetMapping
    String account(@AuthenticationPrincipal StaffPrincipal staff, HttpSession session, Model model) {
        model.addAttribute("staff", staff);
        model.addAttribute("tokens", tokens.list(staff.id()));
        LinkedHashSet<String> forms = tokenForms(session);
        String key = UUID.randomUUID().toString();
        forms.add(key);
        while (forms.size() > TOKEN_FORMS_KEPT) {
            forms.remove(forms.iterator().next());
        }
        session.setAttribute(TOKEN_FORMS, forms);
        model.addAttribute("tokenForm", key);
        return "accounts/account";
    }

    /**
     * Issues a token and shows it in this response only: it is never kept in the session (which is stored in the
     * database) for a redirect. So that reloading the page, which sends the form again, issues no second token, the
     * form's key is written with the token, in the token's own transaction, where it is unique: a form sent again, even
     * while its first sending is still under way, is answered 409 saying its token was made and shown once, and a key
     * this session never gave (a page left open past many others, or from before signing in again) 400, both issuing
     * nothing. A sending that made no token (a refused name, or a failure) leaves its key unused, so sending that form
     * again is judged afresh. A form sent without a key (a page shown before forms carried one) is issued as before.
     */
    @PostMapping("/tokens")
    String issue(
            @AuthenticationPrincipal StaffPrincipal staff,
            @RequestParam(name = "name", defaultValue = "") String name,
            @RequestParam(name = "form", required = false) String form,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        HttpSession session = request.getSession();
        if (form != null && !tokenForms(session).contains(form)) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", TOKEN_FORM_OUT_OF_DATE);
            model.addAttribute("hasErrors", true);
            return account(staff, session, model);
        }
        try {
            model.addAttribute("issued", tokens.issue(staff.id(), staff.credentialsVersion(), name, form));
        } catch (TokenFormUsed e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problem", TOKEN_ALREADY_MADE);
            model.addAttribute("hasErrors", true);
        } catch (InvalidStaffDetails e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problem", e.getMessage());
            model.addAttribute("hasErrors", true);
            model.addAttribute("tokenName", name);
        } catch (CredentialsChanged e) {
            // The password changed (or the account was disabled) since this session signed in: it ends here.
            SecurityContextHolder.clearContext();
            session.invalidate();
            return "redirect:/sign-in";
        }
        return account(staff, session, model);
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashSet<String> tokenForms(HttpSession session) {
        Object kept = session.getAttribute(TOKEN_FORMS);
        return kept instanceof LinkedHashSet<?> forms
                ? new LinkedHashSet<>((LinkedHashSet<String>) forms)
                : new LinkedHashSet<>();
    }

    /** A token that is not one of this person's live ones is answered 404 with the page saying so, as the API does. */
    @PostMapping("/tokens/{id}/revoke")
    String revoke(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (tokens.revoke(staff.id(), id)) {
            redirect.addFlashAttribute("changed", "The token is revoked: requests that use it are now refused");
            return "redirect:/account";
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute(
                "revokeProblem",
                "You have no live token " + id + " to revoke: it may be revoked already. Your tokens are listed below");
        model.addAttribute("hasErrors", true);
        return account(staff, session, model);
    }
}
