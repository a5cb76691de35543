package org.gpaction.accounts.staff;

import java.util.Arrays;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators create, disable and re-enable staff accounts. */
@Controller
@RequestMapping("/admin/staff")
@PreAuthorize("hasRole('ADMIN')")
class StaffAdminController {

    record StaffForm(String email, String password, String role, String practices, String lmc) {

        CreateStaffCommand toCommand() {
            List<String> codes = practices == null
                    ? List.of()
                    : Arrays.stream(practices.split("[\\s,;]+"))
                            .filter(code -> !code.isBlank())
                            .toList();
            return new CreateStaffCommand(email, password, role, codes, lmc);
        }
    }

    private final StaffAccounts staffAccounts;

    StaffAdminController(StaffAccounts staffAccounts) {
        this.staffAccounts = staffAccounts;
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
        model.addAttribute("form", new StaffForm("", "", "", "", ""));
        return "accounts/staff-new";
    }

    @PostMapping
    String create(
            @ModelAttribute("form") StaffForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal admin,
            Model model,
            RedirectAttributes redirect) {
        try {
            StaffAccount created = staffAccounts.create(form.toCommand(), admin.email());
            redirect.addFlashAttribute("created", created.email());
            return "redirect:/admin/staff";
        } catch (InvalidStaffDetails e) {
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            return "accounts/staff-new";
        }
    }

    @PostMapping("/{id}/disable")
    String disable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
        try {
            StaffAccount account = staffAccounts.disable(id, admin.id(), admin.email());
            redirect.addFlashAttribute("changed", account.email() + " is disabled and can no longer sign in");
        } catch (InvalidStaffDetails e) {
            redirect.addFlashAttribute("problem", e.getMessage());
        }
        return "redirect:/admin/staff";
    }

    @PostMapping("/{id}/enable")
    String enable(@PathVariable long id, @AuthenticationPrincipal StaffPrincipal admin, RedirectAttributes redirect) {
        StaffAccount account = staffAccounts.enable(id, admin.email());
        redirect.addFlashAttribute("changed", account.email() + " is enabled and can sign in again");
        return "redirect:/admin/staff";
    }

    @ExceptionHandler(StaffNotFound.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound() {
        return "error/404";
    }
}
