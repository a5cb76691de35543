package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.common.UkTime;
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

/** A scheduled ballot back to a draft, after a confirmation, while its opening time is still ahead. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class UnschedulingController {

    private final BallotAdministration administration;

    UnschedulingController(BallotAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/ballots/{id}/unschedule")
    String confirm(@PathVariable long id, Model model) {
        // Read before the ballot, so that a change in between makes the page look older than it is, never newer.
        model.addAttribute("version", administration.version(id).number());
        Ballot ballot = administration.find(id);
        if (ballot.status() != BallotStatus.SCHEDULED) {
            throw new BallotNotChangeable(
                    "Only a scheduled ballot can be unscheduled, before it opens; this ballot is " + ballot.status());
        }
        model.addAttribute("ballot", ballot);
        model.addAttribute("opens", UkTime.onOrAt(ballot.opensAt()));
        return "ballots/unschedule";
    }

    /**
     * Unschedules the ballot only if it is still the version the confirmation showed: one opened before the ballot was
     * unscheduled, changed and scheduled again is answered 409 with the confirmation as it is now, and the ballot
     * stays scheduled.
     */
    @PostMapping("/ballots/{id}/unschedule")
    String unschedule(
            @PathVariable long id,
            @RequestParam(name = "version", required = false) String version,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            administration.unschedule(id, staff.getName(), DraftVersion.carried(version));
        } catch (DraftVersion.ChangedMeanwhile e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("changedProblem", e.onBallotPage("unschedule it", "it was not unscheduled"));
            model.addAttribute("hasErrors", true);
            return confirm(id, model);
        }
        redirect.addFlashAttribute("done", "The ballot is a draft again: it will not open unless you schedule it");
        return "redirect:/ballots/" + id;
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ModelAndView refused(BallotNotChangeable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "This ballot cannot be unscheduled", "message", e.getMessage()));
    }

    /** Who may unschedule a ballot, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths unschedulingForm() {
            return RolePaths.of("POST", List.of("/ballots/{id}/unschedule"), "ADMIN", "SCRUTINEER");
        }
    }
}
