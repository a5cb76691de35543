package org.gpaction.membership.selfservice;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import java.util.function.Function;
import org.gpaction.membership.Member;
import org.gpaction.membership.PracticeRole;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The member signed in to a session at {@code /my-details}, and the details page a change they make goes back to:
 * shared by {@link MyDetailsController} and {@link EmailChangeController}. The member's sign-in lives in the session
 * only, apart from any staff sign-in.
 */
@Component
class DetailsSession {

    /** Named as when {@link MyDetailsController} kept it, so that sessions signed in before stay signed in. */
    static final String MEMBER = MyDetailsController.class.getName() + ".member";

    /** The address the member's sign-in link went to, as {@link DetailsSignIn#address} keys it. */
    static final String ADDRESS = MyDetailsController.class.getName() + ".address";

    private final DetailsSignIn signIn;
    private final MemberDetails details;

    DetailsSession(DetailsSignIn signIn, MemberDetails details) {
        this.signIn = signIn;
        this.details = details;
    }

    /**
     * The member signed in to this session, if their address is still the one their sign-in link went to: once it
     * changes (an import correcting it, or the member changing it in another session) the session is signed out, as
     * the links still unused to that address no longer sign in.
     */
    String signedIn(HttpSession session) {
        DetailsSignIn.SignedIn member = signedInAs(session);
        return member == null ? null : member.membershipNumber();
    }

    /** The member signed in to this session and the address their link went to, or null, as {@link #signedIn}. */
    private DetailsSignIn.SignedIn signedInAs(HttpSession session) {
        if (session == null || !(session.getAttribute(MEMBER) instanceof String number)) {
            return null;
        }
        if (session.getAttribute(ADDRESS) instanceof byte[] address && signIn.stillAt(number, address)) {
            return new DetailsSignIn.SignedIn(number, address);
        }
        forgetMember(session);
        return null;
    }

    /** Keeps the session signed in once the member's own link has changed their address to this one. */
    void movedTo(HttpSession session, String email) {
        session.setAttribute(ADDRESS, signIn.address(email));
    }

    static void forgetMember(HttpSession session) {
        session.removeAttribute(MEMBER);
        session.removeAttribute(ADDRESS);
    }

    /**
     * A change the signed-in member makes to their details: what it returns is said on the page it goes back to, or
     * that page again with what to fix, nothing changed: 400 with what the member typed, by the id of the field it was
     * typed in; 409 when their roles changed since the page was loaded, keeping nothing typed. Without a signed-in
     * member, the sign-in page; so too, the session signed out and nothing changed, when the change finds the member's
     * address changed once it holds the roll (an import it waited for corrected it).
     */
    String change(
            HttpSession session,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect,
            Map<String, String> typed,
            Function<DetailsSignIn.SignedIn, String> change) {
        DetailsSignIn.SignedIn member = signedInAs(session);
        if (member == null) {
            return "redirect:/my-details";
        }
        String number = member.membershipNumber();
        try {
            redirect.addFlashAttribute("changed", change.apply(member));
            return "redirect:/my-details/edit";
        } catch (DetailsSignIn.SignedOutMeanwhile e) {
            forgetMember(session);
            return "redirect:/my-details";
        } catch (InvalidDetails e) {
            boolean rolesChanged = e instanceof RolesChangedMeanwhile;
            response.setStatus(rolesChanged ? 409 : 400);
            // What was typed goes back by the field it was typed in; once the roles have moved, that field may be on
            // another role's row, so nothing typed is put back there.
            model.addAttribute("typed", rolesChanged ? Map.of() : typed);
            return showWithProblems(number, e.problems(), model);
        }
    }

    /** The details page of the signed-in member. */
    String show(String number, Model model) {
        return show(details.view(number).orElseThrow(), model);
    }

    private String showWithProblems(String number, Map<String, String> problems, Model model) {
        model.addAttribute("problems", problems);
        model.addAttribute("hasErrors", true);
        return show(number, model);
    }

    private static String show(Member member, Model model) {
        model.addAttribute("member", member);
        model.addAttribute("roles", PracticeRole.values());
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        return "membership/my-details";
    }
}
