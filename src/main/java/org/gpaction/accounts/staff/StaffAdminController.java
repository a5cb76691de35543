package org.gpaction.accounts.staff;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administrators create staff accounts (the person is emailed an invitation to choose their own password), change
 * their role and scope, send password links, and disable and re-enable them.
 */
@Controller
@RequestMapping("/admin/staff")
@PreAuthorize("hasRole('ADMIN')")
class StaffAdminController {

    /** @param version the account's version the page showed, when changing it; null when creating one */
    record StaffForm(String email, String role, String practices, String lmc, Long version) {

        CreateStaffCommand toCommand() {
            List<String> codes = practices == null
                    ? List.of()
                    : Arrays.stream(practices.split("[\\s,;]+"))
                            .filter(code -> !code.isBlank())
                            .toList();
            return new CreateStaffCommand(email, null, role, codes, lmc);
        }

        static StaffForm of(StaffAccount account, long version) {
            return new StaffForm(
                    account.email(),
                    account.role().name(),
                    String.join(", ", account.practices()),
                    account.lmc() == null ? "" : account.lmc(),
                    version);
        }
    }

    private final StaffAccounts staffAccounts;
    private final PasswordLinks passwordLinks;

    StaffAdminController(StaffAccounts staffAccounts, PasswordLinks passwordLinks) {
        this.staffAccounts = staffAccounts;
        this.passwordLinks = passwordLinks;
    }

    @ModelAttribute("roles")
    StaffRole[] roles() {
        return StaffRole.values();
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("staff", staffAccounts.all());
        return "accounts/staff-list";
    }

    @GetMapping("/new")
    String newStaff(Model model) {
        model.addAttribute("form", new StaffForm("", "", "", "", null));
        return "accounts/staff-new";
    }

    @PostMapping
    String create(
            @ModelAttribute("form") StaffForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            StaffAccount created = staffAccounts.create(form.toCommand(), admin.id(), admin.email());
            redirect.addFlashAttribute("created", created.email());
            return "redirect:/admin/staff";
        } catch (InvalidStaffDetails e) {
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            response.setStatus(statusOf(e));
            return "accounts/staff-new";
        }
    }

    @GetMapping("/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        showCurrent(id, model);
        return "accounts/staff-edit";
    }

    /**
     * The account as it is now, in the form with its version. The version is read first: a change landing between
     * the two reads then makes the page's save refused, never accepted over a change the page did not show.
     */
    private StaffForm showCurrent(long id, Model model) {
        long version = staffAccounts.version(id).orElseThrow(() -> new StaffNotFound(id));
        StaffAccount account = staffAccounts.find(id).orElseThrow(() -> new StaffNotFound(id));
        StaffForm form = StaffForm.of(account, version);
        model.addAttribute("account", account);
        model.addAttribute("form", form);
        return form;
    }

    @PostMapping("/{id}")
    String change(
            @PathVariable long id,
            @ModelAttribute("form") StaffForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        StaffAccount account = staffAccounts.find(id).orElseThrow(() -> new StaffNotFound(id));
        try {
            StaffAccount changed =
                    staffAccounts.changeScope(id, form.toCommand(), form.version(), admin.id(), admin.email());
            redirect.addFlashAttribute(
                    "changed",
                    changed.email() + " is now " + changed.role().label().toLowerCase(java.util.Locale.UK)
                            + "; the change applies from their next page");
            return "redirect:/admin/staff";
        } catch (InvalidStaffDetails e) {
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("account", account);
            model.addAttribute("hasErrors", true);
            response.setStatus(statusOf(e));
            return "accounts/staff-edit";
        } catch (StaffChangedMeanwhile e) {
            // The page shows the account as it is now, to be checked and changed again.
            StaffForm current = showCurrent(id, model);
            BindingResult refused = new BeanPropertyBindingResult(current, "form");
            refused.reject("changed", e.getMessage());
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", refused);
            model.addAttribute("hasErrors", true);
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            return "accounts/staff-edit";
        }
    }

    /**
     * A refusal (a disabled account, or an administrator disabled or demoted meanwhile) is answered 409, as the API
     * answers it, with the list as it is now.
     */
    @PostMapping("/{id}/password-reset")
    String sendPasswordLink(
            @PathVariable long id,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        StaffAccount account = staffAccounts.find(id).orElseThrow(() -> new StaffNotFound(id));
        try {
            // Told by what was sent, not by the account as read above: its password may have been chosen since.
            PasswordLinks.Purpose sent = passwordLinks.sendReset(id, admin.id(), admin.email());
            redirect.addFlashAttribute(
                    "changed",
                    (sent == PasswordLinks.Purpose.INVITATION ? "A new invitation" : "A link to choose a new password")
                            + " is on its way to " + account.email());
            return "redirect:/admin/staff";
        } catch (InvalidStaffDetails e) {
            response.setStatus(statusOf(e));
            model.addAttribute("problem", e.problems().values().iterator().next());
            return list(model);
        }
    }

    /**
     * A refusal is answered as the Change page and the API answer it, with the list as it is now: 409 when the
     * accounts as they stand need the administrator kept, 400 for one's own account.
     */
    @PostMapping("/{id}/disable")
    String disable(
            @PathVariable long id,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            StaffAccount account = staffAccounts.disable(id, admin.id(), admin.email());
            redirect.addFlashAttribute("changed", account.email() + " is disabled and can no longer sign in");
            return "redirect:/admin/staff";
        } catch (InvalidStaffDetails e) {
            response.setStatus(statusOf(e));
            model.addAttribute("problem", e.getMessage());
            return list(model);
        }
    }

    /** Refused, with the list as it is now, once its administrator has been disabled or demoted (409). */
    @PostMapping("/{id}/enable")
    String enable(
            @PathVariable long id,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        try {
            StaffAccount account = staffAccounts.enable(id, admin.id(), admin.email());
            // Disabling ended the invitation of someone who never chose a password, and enabling does not revive it.
            redirect.addFlashAttribute(
                    "changed",
                    account.passwordSet()
                            ? account.email() + " is enabled and can sign in again"
                            : account.email() + " is enabled, but the invitation sent before it was disabled no"
                                    + " longer works: use Send invitation again to send them a new one");
            return "redirect:/admin/staff";
        } catch (AdministratorStillNeeded e) {
            response.setStatus(statusOf(e));
            model.addAttribute("problem", e.getMessage());
            return list(model);
        }
    }

    /**
     * How a refusal is answered: 409 when the same request can succeed once the accounts are different (an
     * administrator still needed, a disabled account), as the API answers it; 400 when what was sent must be fixed.
     */
    private static int statusOf(InvalidStaffDetails refusal) {
        return refusal instanceof AdministratorStillNeeded || refusal instanceof DisabledAccount
                ? HttpServletResponse.SC_CONFLICT
                : HttpServletResponse.SC_BAD_REQUEST;
    }

    @ExceptionHandler(StaffNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
