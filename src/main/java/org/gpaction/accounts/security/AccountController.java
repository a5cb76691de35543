package org.gpaction.accounts.security;

import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.staff.InvalidStaffDetails;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A signed-in person's own account: who they are and their API tokens. */
@Controller
@RequestMapping("/account")
class AccountController {

    private final ApiTokens tokens;

    AccountController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    String account(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        model.addAttribute("staff", staff);
        model.addAttribute("tokens", tokens.list(staff.id()));
        return "accounts/account";
    }

    @PostMapping("/tokens")
    String issue(
            @AuthenticationPrincipal StaffPrincipal staff,
            @RequestParam(name = "name", defaultValue = "") String name,
            Model model) {
        // The token is shown in this response only, never kept in the session for a redirect.
        try {
            model.addAttribute("issued", tokens.issue(staff.id(), name));
        } catch (InvalidStaffDetails e) {
            model.addAttribute("problem", e.getMessage());
        }
        return account(staff, model);
    }

    @PostMapping("/tokens/{id}/revoke")
    String revoke(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, RedirectAttributes redirect) {
        if (tokens.revoke(staff.id(), id)) {
            redirect.addFlashAttribute("changed", "The token is revoked: requests that use it are now refused");
        }
        return "redirect:/account";
    }
}
