package org.gpaction.accounts.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Optional;
import org.gpaction.accounts.security.SecretKind;
import org.gpaction.accounts.security.SignInThrottle;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Creating the first administrator through the one-time link written to the data directory at start-up. */
@Controller
class SetupController {

    record SetupForm(String email, String password, String confirmPassword) {
        @Override
        public String toString() {
            return "SetupForm[email=" + email + "]";
        }
    }

    private final SetupLinks setupLinks;
    private final SignInThrottle throttle;

    SetupController(SetupLinks setupLinks, SignInThrottle throttle) {
        this.setupLinks = setupLinks;
        this.throttle = throttle;
    }

    @GetMapping("/setup/{token}")
    String form(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!setupLinks.isUsable(token)) {
            return unusable(request, response, model);
        }
        model.addAttribute("token", token);
        model.addAttribute("form", new SetupForm("", "", ""));
        return "accounts/setup";
    }

    @PostMapping("/setup/{token}")
    String create(
            @PathVariable String token,
            @ModelAttribute("form") SetupForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        if (!setupLinks.isUsable(token)) {
            return unusable(request, response, model);
        }
        if (!Objects.equals(form.password(), form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "Passwords do not match: enter the same password twice");
        }
        if (!errors.hasErrors()) {
            try {
                setupLinks.completeSetup(token, form.email(), form.password());
                redirect.addFlashAttribute("setupComplete", true);
                return "redirect:/sign-in";
            } catch (InvalidStaffDetails e) {
                e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            } catch (SetupLinks.SetupLinkUnusable e) {
                // Let through, then beaten to it (a double click, or two people with the link): answered as the
                // link opened afterwards is, not as a page that worked.
                response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                return unavailable(model);
            }
        }
        model.addAttribute("token", token);
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "accounts/setup";
    }

    /** The page for a link that cannot be used, saying so when it is because the administrator is set up. */
    private String unavailable(Model model) {
        model.addAttribute("administratorExists", setupLinks.administratorExists());
        return "accounts/setup-unavailable";
    }

    /**
     * A link that cannot be used: counted against the address, or, from an address paused for them, refused with the
     * wait in whole minutes on the page.
     */
    private String unusable(HttpServletRequest request, HttpServletResponse response, Model model) {
        String address = request.getRemoteAddr();
        Optional<RetryAfter> paused =
                throttle.pausedFor(SecretKind.SETUP_LINK_ADDRESS, address).map(RetryAfter::new);
        if (paused.isPresent()) {
            return TooManyRequestsPage.show(paused.get(), "accounts/too-many-links", response, model);
        }
        throttle.failed(SecretKind.SETUP_LINK_ADDRESS, address);
        response.setStatus(404);
        return unavailable(model);
    }
}
