package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.Optional;
import org.gpaction.membership.PracticeRole;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Update your details": a member asks for a sign-in link, opens it, and changes their roles (and their email address,
 * through {@link EmailChangeController}). The member's sign-in lives in the session only ({@link DetailsSession}).
 */
@Controller
class MyDetailsController {

    private final DetailsSignIn signIn;
    private final DetailsSession detailsSession;
    private final MemberDetails details;
    private final LinkMisses misses;

    MyDetailsController(DetailsSignIn signIn, DetailsSession detailsSession, MemberDetails details, LinkMisses misses) {
        this.signIn = signIn;
        this.detailsSession = detailsSession;
        this.details = details;
        this.misses = misses;
    }

    @GetMapping("/my-details")
    String start(HttpSession session, Model model) {
        if (detailsSession.signedIn(session) != null) {
            return "redirect:/my-details/edit";
        }
        return "membership/my-details-start";
    }

    @PostMapping("/my-details")
    String requestLink(
            @RequestParam(name = "email", defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        if (email.isBlank()) {
            return refused(email, "Enter the email address your membership uses", response, model);
        }
        try {
            signIn.requestLink(email, request.getRemoteAddr());
        } catch (InvalidDetails e) {
            return refused(email, e.problems().get("email"), response, model);
        }
        return "membership/my-details-check-email";
    }

    /** The page asking for a sign-in link again, with what to fix and the address as it was typed. */
    private static String refused(String email, String problem, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("emailProblem", problem);
        model.addAttribute("typedEmail", email);
        model.addAttribute("hasErrors", true);
        return "membership/my-details-start";
    }

    @GetMapping("/my-details/sign-in/{token}")
    String signInPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return misses.find(token, request.getRemoteAddr(), this::usable, signIn::linkMade)
                    .map(usable -> {
                        model.addAttribute("token", token);
                        return "membership/my-details-sign-in";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (TooManyRequests e) {
            return JoinController.tooMany(e, response, model);
        }
    }

    private Optional<String> usable(String token) {
        return signIn.linkUsable(token) ? Optional.of(token) : Optional.empty();
    }

    @PostMapping("/my-details/sign-in/{token}")
    String signIn(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return misses.find(token, request.getRemoteAddr(), signIn::useLink, signIn::linkMade)
                    .map(member -> {
                        request.getSession(true);
                        request.changeSessionId();
                        request.getSession().setAttribute(DetailsSession.MEMBER, member.membershipNumber());
                        request.getSession().setAttribute(DetailsSession.ADDRESS, member.address());
                        return "redirect:/my-details/edit";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (TooManyRequests e) {
            return JoinController.tooMany(e, response, model);
        }
    }

    @GetMapping("/my-details/edit")
    String edit(HttpSession session, Model model) {
        String number = detailsSession.signedIn(session);
        if (number == null) {
            return "redirect:/my-details";
        }
        return detailsSession.show(number, model);
    }

    @PostMapping("/my-details/roles")
    String addRole(
            @RequestParam(name = "role", defaultValue = "") String role,
            @RequestParam(name = "practiceOds", defaultValue = "") String practiceOds,
            @RequestParam(name = "roleFrom", defaultValue = "") String from,
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return detailsSession.change(
                session,
                response,
                model,
                redirect,
                Map.of("role", role, "practiceOds", practiceOds, "roleFrom", from),
                member -> {
                    details.addRole(member, roleOrNull(role), practiceOds, from);
                    return "Your new role is recorded";
                });
    }

    /** A role the form does not offer is no role, which the rules then ask for. */
    private static PracticeRole roleOrNull(String role) {
        try {
            return role.isBlank() ? null : PracticeRole.valueOf(role);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The role's identity comes with its position, so that the role ended is the one the member saw there. */
    @PostMapping("/my-details/roles/{index}/end")
    String endRole(
            @PathVariable int index,
            @RequestParam(name = "roleTo", defaultValue = "") String on,
            @RequestParam(name = "role", defaultValue = "") String role,
            @RequestParam(name = "practiceOds", defaultValue = "") String practiceOds,
            @RequestParam(name = "roleFrom", defaultValue = "") String from,
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return detailsSession.change(session, response, model, redirect, Map.of("roleTo-" + index, on), member -> {
            details.endRole(member, index, role, practiceOds, from, on);
            return "The role's end date is recorded";
        });
    }

    @PostMapping("/my-details/sign-out")
    String signOut(HttpSession session) {
        DetailsSession.forgetMember(session);
        return "redirect:/my-details";
    }
}
