package org.gpaction.accounts.staff;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import java.util.Optional;
import org.gpaction.accounts.security.SecretKind;
import org.gpaction.accounts.security.SignInThrottle;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The page an invitation or reset email links to, where a person chooses their own password. Opening it never uses
 * the link up; choosing a password does. Unknown links count against the address, as wrong passwords do, while a
 * real link keeps working from a paused address.
 */
@Controller
class PasswordLinkController {

    record PasswordForm(String password, String confirmPassword) {
        @Override
        public String toString() {
            return "PasswordForm[hidden]";
        }
    }

    private final PasswordLinks links;
    private final SignInThrottle throttle;

    PasswordLinkController(PasswordLinks links, SignInThrottle throttle) {
        this.links = links;
        this.throttle = throttle;
    }

    @GetMapping("/account/password/{token}")
    String form(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<PasswordLinks.Holder> holder = links.holder(token);
        if (holder.isEmpty()) {
            return unknown(request, response, model);
        }
        show(model, token, holder.get());
        model.addAttribute("form", new PasswordForm("", ""));
        return "accounts/password-choose";
    }

    @PostMapping("/account/password/{token}")
    String choose(
            @PathVariable String token,
            @ModelAttribute("form") PasswordForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Optional<PasswordLinks.Holder> holder = links.holder(token);
        if (holder.isEmpty()) {
            return unknown(request, response, model);
        }
        if (!Objects.equals(form.password(), form.confirmPassword())) {
            errors.rejectValue("confirmPassword", "mismatch", "Passwords do not match: enter the same password twice");
        } else {
            try {
                if (links.choose(token, form.password()).isPresent()) {
                    redirect.addFlashAttribute("passwordChosen", true);
                    return "redirect:/sign-in";
                }
                response.setStatus(404);
                return "accounts/password-link-unusable";
            } catch (InvalidStaffDetails e) {
                e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            }
        }
        show(model, token, holder.get());
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return "accounts/password-choose";
    }

    private static void show(Model model, String token, PasswordLinks.Holder holder) {
        model.addAttribute("token", token);
        model.addAttribute("email", holder.email());
        model.addAttribute("invitation", holder.purpose() == PasswordLinks.Purpose.INVITATION);
    }

    /**
     * A link nobody holds: counted against the address, or, from an address paused for them, refused with the wait in
     * whole minutes on the page.
     */
    private String unknown(HttpServletRequest request, HttpServletResponse response, Model model) {
        String address = request.getRemoteAddr();
        Optional<RetryAfter> paused =
                throttle.pausedFor(SecretKind.PASSWORD_LINK_ADDRESS, address).map(RetryAfter::new);
        if (paused.isPresent()) {
            return TooManyRequestsPage.show(paused.get(), "accounts/too-many-links", response, model);
        }
        throttle.failed(SecretKind.PASSWORD_LINK_ADDRESS, address);
        response.setStatus(404);
        return "accounts/password-link-unusable";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths passwordLinkPublicPaths() {
            return PublicPaths.of("/account/password/*");
        }
    }
}
