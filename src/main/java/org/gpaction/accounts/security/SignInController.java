package org.gpaction.accounts.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page; Spring Security checks the password and forwards (not redirects) a refusal to {@code
 * /sign-in/failed}, which answers the sign-in page with the refusal's own status: 400 naming an empty field, 401 for a
 * wrong pair, 403 for the right password of a disabled account, 429 while paused and 503 when the database failed.
 */
@Controller
class SignInController {

    record SignInForm(String email, String password) {
        /** Never the password, should the form be printed. */
        @Override
        public String toString() {
            return "SignInForm[email=" + email + "]";
        }
    }

    @GetMapping("/sign-in")
    String signIn(Authentication authentication, Model model) {
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/";
        }
        model.addAttribute("form", new SignInForm("", ""));
        return "accounts/sign-in";
    }

    @PostMapping("/sign-in/failed")
    String failed(
            @RequestParam(name = "email", defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        SignInForm form = new SignInForm(email.length() > 254 ? "" : email, "");
        BindingResult errors = new BeanPropertyBindingResult(form, "form");
        Object refusal = request.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        if (refusal instanceof SignInPaused paused) {
            TooManyRequestsPage.refuse(paused.retryAfter(), response);
            errors.rejectValue("email", "paused", paused.getMessage());
        } else if (refusal instanceof AuthenticationServiceException) {
            // The database failed: the password was not judged, so it must not be called wrong.
            response.setStatus(503);
            response.setHeader("Retry-After", Integer.toString(SignInUnavailable.RETRY_AFTER_SECONDS));
            errors.rejectValue("email", "unavailable", SignInUnavailable.MESSAGE);
        } else if (refusal instanceof AccountDisabled disabled) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            errors.rejectValue("email", "disabled", disabled.getMessage());
        } else if (refusal instanceof SignInIncomplete incomplete) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (incomplete.noEmail()) {
                errors.rejectValue("email", "required", "Enter your email address");
            }
            if (incomplete.noPassword()) {
                errors.rejectValue("password", "required", "Enter your password");
            }
        } else {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            errors.rejectValue("email", "invalid", "Enter a correct email address and password");
            // The message is about the pair, so the password's input is described by it too.
            model.addAttribute("passwordRefused", true);
        }
        model.addAttribute("form", form);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", errors);
        model.addAttribute("hasErrors", true);
        return "accounts/sign-in";
    }
}
