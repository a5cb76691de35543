package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.TooManyRequestsPage;
import org.gpaction.membership.PracticeRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/** The public joining form and the link that confirms a joiner's email address. */
@Controller
class JoinController {

    record JoinForm(
            String givenName, String familyName, String gmcNumber, String email, String role, String practiceOds) {

        JoinDetails toDetails() {
            PracticeRole parsed = null;
            if (role != null && !role.isBlank()) {
                try {
                    parsed = PracticeRole.valueOf(role.strip());
                } catch (IllegalArgumentException e) {
                    parsed = null;
                }
            }
            return new JoinDetails(givenName, familyName, gmcNumber, email, parsed, practiceOds);
        }
    }

    private final JoinRequests requests;
    private final JoiningLinks links;
    private final JoinConfirmations confirmations;
    private final LinkMisses misses;

    JoinController(JoinRequests requests, JoiningLinks links, JoinConfirmations confirmations, LinkMisses misses) {
        this.requests = requests;
        this.links = links;
        this.confirmations = confirmations;
        this.misses = misses;
    }

    @ModelAttribute("roles")
    PracticeRole[] roles() {
        return PracticeRole.values();
    }

    @GetMapping("/join")
    String form(Model model) {
        model.addAttribute("form", new JoinForm("", "", "", "", "", ""));
        return "membership/join";
    }

    @PostMapping("/join")
    String submit(
            @ModelAttribute("form") JoinForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            requests.request(form.toDetails(), request.getRemoteAddr());
        } catch (InvalidDetails e) {
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return "membership/join";
        } catch (TooManyRequests e) {
            return tooMany(e, response, model);
        }
        return "membership/join-check-email";
    }

    @GetMapping("/join/confirm/{token}")
    String confirmPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return misses.find(token, request.getRemoteAddr(), links::pending, links::linkMade)
                    .map(details -> confirmations
                            .practiceClosed(details)
                            .map(closure -> practiceClosed(closure, response, model))
                            .orElseGet(() -> {
                                model.addAttribute("details", details);
                                model.addAttribute("token", token);
                                return "membership/join-confirm";
                            }))
                    .orElseGet(() -> spent(token, response));
        } catch (TooManyRequests e) {
            return tooMany(e, response, model);
        }
    }

    @PostMapping("/join/confirm/{token}")
    String confirm(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return misses.find(token, request.getRemoteAddr(), confirmations::confirm, links::linkMade)
                    .map(confirmation -> {
                        model.addAttribute("confirmation", confirmation);
                        return "membership/join-done";
                    })
                    .orElseGet(() -> spent(token, response));
        } catch (JoinConfirmations.PracticeClosed e) {
            return practiceClosed(e.closure(), response, model);
        } catch (TooManyRequests e) {
            return tooMany(e, response, model);
        }
    }

    /**
     * The practice given has closed since the request to join: a conflict with the directory as it is now, not a
     * fault in the link, which is left as it was.
     */
    private static String practiceClosed(String closure, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        model.addAttribute("closure", closure);
        return "membership/join-practice-closed";
    }

    /**
     * A link that cannot be used now: one that made its membership says the person has joined (the confirmation sent
     * twice is answered as joining, not as a fault), any other only that it cannot be used.
     */
    private String spent(String token, HttpServletResponse response) {
        return links.joinedThrough(token) ? "membership/join-already-joined" : unusable(response);
    }

    static String unusable(HttpServletResponse response) {
        response.setStatus(404);
        return "membership/link-unusable";
    }

    /** The page refused for too many requests: it says in how many minutes to try again, as Retry-After does. */
    static String tooMany(TooManyRequests refused, HttpServletResponse response, Model model) {
        return TooManyRequestsPage.show(refused.retryAfter(), "membership/too-many-requests", response, model);
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths membershipPublicPaths() {
            return PublicPaths.of("/join", "/join/**", "/my-details", "/my-details/**");
        }
    }
}
