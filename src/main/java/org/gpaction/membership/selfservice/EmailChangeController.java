package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A signed-in member's change of email address at {@code /my-details}: asking for it, and the link sent to the new
 * address that confirms it ({@link EmailChanges}).
 */
@Controller
class EmailChangeController {

    private final DetailsSession detailsSession;
    private final LinkMisses misses;
    private final EmailChanges emailChanges;

    EmailChangeController(DetailsSession detailsSession, LinkMisses misses, EmailChanges emailChanges) {
        this.detailsSession = detailsSession;
        this.misses = misses;
        this.emailChanges = emailChanges;
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
            return detailsSession.change(session, response, model, redirect, Map.of("email", email), member -> {
                EmailChanges.Requested requested = emailChanges.request(member, email);
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
            return TooManyRequestsPage.show(e.retryAfter(), "membership/too-many-email-changes", response, model);
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
        } catch (TooManyRequests e) {
            return JoinController.tooMany(e, response, model);
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
        String number = detailsSession.signedIn(session);
        try {
            return misses.find(token, request.getRemoteAddr(), this::useEmailChange, emailChanges::linkMade)
                    .map(changed -> {
                        if (changed.membershipNumber().equals(number)) {
                            detailsSession.movedTo(session, changed.email());
                        }
                        model.addAttribute("email", changed.email());
                        return "membership/my-details-email-changed";
                    })
                    .orElseGet(() -> JoinController.unusable(response));
        } catch (TooManyRequests e) {
            return JoinController.tooMany(e, response, model);
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
}
