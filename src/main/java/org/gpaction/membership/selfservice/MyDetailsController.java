package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.gpaction.membership.Member;
import org.gpaction.membership.PracticeRole;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Update your details": a member asks for a sign-in link, opens it, and changes their email address and roles.
 * The member's sign-in lives in the session only, apart from any staff sign-in.
 */
@Controller
class MyDetailsController {

    static final String MEMBER = MyDetailsController.class.getName() + ".member";

    /** The address the member's sign-in link went to, as {@link DetailsSignIn#address} keys it. */
    static final String ADDRESS = MyDetailsController.class.getName() + ".address";

    private final DetailsSignIn signIn;
    private final MemberDetails details;
    private final LinkMisses misses;
    private final EmailChanges emailChanges;

    MyDetailsController(DetailsSignIn signIn, MemberDetails details, LinkMisses misses, EmailChanges emailChanges) {
        this.signIn = signIn;
        this.details = details;
        this.misses = misses;
        this.emailChanges = emailChanges;
    }

    @GetMapping("/my-details")
    String start(HttpSession session, Model model) {
        if (signedIn(session) != null) {
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
        } catch (Joining.TooManyRequests e) {
            return JoinController.tooMany(response);
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
        } catch (Joining.TooManyRequests e) {
            return JoinController.tooMany(response);
        }
    }

    private Optional<String> usable(String token) {
        return signIn.linkUsable(token) ? Optional.of(token) : Optional.empty();
    }

    @PostMapping("/my-details/sign-in/{token}")
    String signIn(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        try {
            return misses.find(token, request.getRemoteAddr(), signIn::useLink, signIn::linkMade)
                    .map(member -> {
                        request.getSession(true);
                        request.changeSessionId();
                        request.getSession().setAttribute(MEMBER, member.membershipNumber());
                        request.getSession().setAttribute(ADDRESS, member.address());
                        return "redirect:/my-details/edit";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (Joining.TooManyRequests e) {
            return JoinController.tooMany(response);
        }
    }

    @GetMapping("/my-details/edit")
    String edit(HttpSession session, Model model) {
        String number = signedIn(session);
        if (number == null) {
            return "redirect:/my-details";
        }
        return show(details.view(number).orElseThrow(), model);
    }

    /**
     * Asks for the new address to be confirmed through a link sent to it: the page says so, whoever the address
     * belongs to, and the address stays as it is until the link is opened. The member's own address withdraws a
     * change waiting to be confirmed, and the page says so. A member who has asked too often in the
     * request window is told to wait (429), and nothing is sent.
     */
    @PostMapping("/my-details/email")
    String changeEmail(
            @RequestParam(name = "email", defaultValue = "") String email,
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            return change(session, response, model, redirect, Map.of("email", email), number -> {
                EmailChanges.Requested requested = emailChanges.request(number, email);
                if (requested.theirsAlready()) {
                    return "Your email address is " + requested.email() + " already"
                            + requested
                                    .withdrawn()
                                    .map(withdrawn -> ". The change to " + withdrawn
                                            + " you asked for is withdrawn, and the link sent to confirm it no longer"
                                            + " works.")
                                    .orElse("");
                }
                return "We have sent a link to " + requested.email() + ". Your email address changes to it only"
                        + " once you open that link; until then it stays as it is.";
            });
        } catch (EmailChanges.TooManyRequests e) {
            response.setStatus(429);
            return "membership/too-many-email-changes";
        }
    }

    @GetMapping("/my-details/email/{token}")
    String confirmEmailPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        try {
            return misses.find(token, request.getRemoteAddr(), emailChanges::pending, emailChanges::linkMade)
                    .map(email -> {
                        model.addAttribute("token", token);
                        model.addAttribute("email", email);
                        return "membership/my-details-email-confirm";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (Joining.TooManyRequests e) {
            return JoinController.tooMany(response);
        }
    }

    /**
     * Opens the link confirming a new address. A session signed in as the member stays signed in, at the new address;
     * the member's other sign-ins end with the old one.
     */
    @PostMapping("/my-details/email/{token}")
    String confirmEmail(
            @PathVariable String token,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpSession session,
            Model model) {
        String number = signedIn(session);
        try {
            return misses.find(token, request.getRemoteAddr(), this::useEmailChange, emailChanges::linkMade)
                    .map(changed -> {
                        if (changed.membershipNumber().equals(number)) {
                            session.setAttribute(ADDRESS, signIn.address(changed.email()));
                        }
                        model.addAttribute("email", changed.email());
                        return "membership/my-details-email-changed";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (Joining.TooManyRequests e) {
            return JoinController.tooMany(response);
        }
    }

    /** A link whose address became another member's since it was sent cannot be used: nothing changes. */
    private Optional<EmailChanges.Changed> useEmailChange(String token) {
        try {
            return emailChanges.use(token);
        } catch (InvalidDetails e) {
            return Optional.empty();
        }
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
        return change(
                session,
                response,
                model,
                redirect,
                Map.of("role", role, "practiceOds", practiceOds, "roleFrom", from),
                number -> {
                    details.addRole(number, roleOrNull(role), practiceOds, from);
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
        return change(session, response, model, redirect, Map.of("roleTo-" + index, on), number -> {
            details.endRole(number, index, role, practiceOds, from, on);
            return "The role's end date is recorded";
        });
    }

    @PostMapping("/my-details/sign-out")
    String signOut(HttpSession session) {
        forgetMember(session);
        return "redirect:/my-details";
    }

    /**
     * A change the signed-in member makes to their details: what it returns is said on the page it goes back to, or
     * that page again with what to fix (400, nothing changed; 409 when their roles changed since the page was loaded)
     * and what the member typed, by the id of the field it was typed in. Without a signed-in member, the sign-in page.
     */
    private String change(
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect,
            Map<String, String> typed,
            Function<String, String> change) {
        String number = signedIn(session);
        if (number == null) {
            return "redirect:/my-details";
        }
        try {
            redirect.addFlashAttribute("changed", change.apply(number));
            return "redirect:/my-details/edit";
        } catch (InvalidDetails e) {
            response.setStatus(e instanceof RolesChangedMeanwhile ? 409 : 400);
            model.addAttribute("typed", typed);
            return showWithProblems(number, e.problems(), model);
        }
    }

    private String showWithProblems(String number, Map<String, String> problems, Model model) {
        model.addAttribute("problems", problems);
        model.addAttribute("hasErrors", true);
        return show(details.view(number).orElseThrow(), model);
    }

    private static String show(Member member, Model model) {
        model.addAttribute("member", member);
        model.addAttribute("roles", PracticeRole.values());
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        return "membership/my-details";
    }

    /**
     * The member signed in to this session, if their address is still the one their sign-in link went to: once it
     * changes (an import correcting it, or the member changing it in another session) the session is signed out, as
     * the links still unused to that address no longer sign in.
     */
    private String signedIn(HttpSession session) {
        if (session == null || !(session.getAttribute(MEMBER) instanceof String number)) {
            return null;
        }
        if (session.getAttribute(ADDRESS) instanceof byte[] address && signIn.stillAt(number, address)) {
            return number;
        }
        forgetMember(session);
        return null;
    }

    private static void forgetMember(HttpSession session) {
        session.removeAttribute(MEMBER);
        session.removeAttribute(ADDRESS);
    }
}
