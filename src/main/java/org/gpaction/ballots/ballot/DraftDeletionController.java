package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A draft deleted after a confirmation; anything but a draft is refused with the reason. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class DraftDeletionController {

    private final BallotAdministration administration;

    DraftDeletionController(BallotAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/ballots/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        // Read before the draft, so that a change in between makes the page look older than it is, never newer.
        model.addAttribute("version", administration.version(id).number());
        model.addAttribute("ballot", BallotNotChangeable.unlessDraft(administration.find(id), "deleted"));
        return "ballots/delete";
    }

    /**
     * Deletes the draft only if it is still the version the confirmation page showed: one opened before someone else's
     * change is answered 409 with the confirmation again, showing the draft as it is now and saying when and by whom it
     * changed, and nothing is deleted.
     */
    @PostMapping("/ballots/{id}/delete")
    String delete(
            @PathVariable long id,
            @RequestParam(name = "version", required = false) String version,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        Ballot ballot = administration.find(id);
        try {
            administration.delete(id, staff.getName(), DraftVersion.carried(version));
        } catch (DraftVersion.ChangedMeanwhile e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("changedProblem", e.onPage("delete it", "it was not deleted"));
            model.addAttribute("hasErrors", true);
            return confirmDelete(id, model);
        }
        redirect.addFlashAttribute("done", "The draft \u201c" + ballot.title() + "\u201d was deleted");
        return "redirect:/ballots";
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ModelAndView notChangeable(BallotNotChangeable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "This ballot cannot be changed", "message", e.getMessage()));
    }

    /** Who may delete a draft, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths draftDeletion() {
            return RolePaths.of("POST", List.of("/ballots/{id}/delete"), "ADMIN", "SCRUTINEER");
        }
    }
}
