package org.gpaction.ballots.roll;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The scrutineer's check of roles members declared themselves, for the scrutineer alone: confirming one sends a
 * voting link, which nobody running the union's side of the ballot should be able to do.
 */
@Controller
@PreAuthorize("hasRole('SCRUTINEER')")
class RollCheckController {

    record CheckRow(
            long id,
            String member,
            String name,
            String gmcNumber,
            String email,
            String role,
            String practice,
            String practicePhone,
            String declared,
            String waitingSince,
            String evidence,
            String noLongerEligible,
            String declaration) {}

    private final BallotAdministration administration;
    private final RollCheckRows checkRows;
    private final RollChecks checks;

    RollCheckController(BallotAdministration administration, RollCheckRows checkRows, RollChecks checks) {
        this.administration = administration;
        this.checkRows = checkRows;
        this.checks = checks;
    }

    @GetMapping("/ballots/{id}/roll-checks")
    String list(@PathVariable long id, Authentication staff, Model model) {
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        List<CheckRow> rows = checkRows.waiting(id, staff.getName()).stream()
                .map(waiting -> new CheckRow(
                        waiting.id(),
                        waiting.membershipNumber(),
                        waiting.name(),
                        waiting.gmcNumber(),
                        waiting.email(),
                        waiting.role(),
                        waiting.practiceOds() == null ? "No fixed practice" : waiting.practiceOds(),
                        waiting.practicePhone(),
                        UkTime.format(waiting.declaredAt()),
                        UkTime.format(waiting.waitingSince()),
                        waiting.evidence(),
                        waiting.noLongerEligible(),
                        waiting.declaration()))
                .toList();
        List<CheckRow> noLongerEligible =
                rows.stream().filter(row -> row.noLongerEligible() != null).toList();
        RollChecks.Counts counts = checks.counts(id);
        model.addAttribute(
                "checks",
                rows.stream().filter(row -> row.noLongerEligible() == null).toList());
        model.addAttribute("noLongerEligible", noLongerEligible);
        model.addAttribute("counts", counts);
        // Those no longer eligible are counted apart: they are not waiting for a link they could be sent.
        model.addAttribute("waitingCount", counts.waiting() - noLongerEligible.size());
        return "ballots/roll-checks";
    }

    @PostMapping("/ballots/{id}/roll-checks/{check}/confirm")
    String confirm(
            @PathVariable long id,
            @PathVariable long check,
            @RequestParam(name = "declaration", defaultValue = "") String declaration,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            checks.confirm(id, check, declaration, staff.getName());
        } catch (RollChecks.Problem e) {
            return problem(id, e, staff, response, model, null);
        }
        redirect.addFlashAttribute("done", "Confirmed: the member is on the roll and their voting link is on its way");
        return "redirect:/ballots/" + id + "/roll-checks";
    }

    @PostMapping("/ballots/{id}/roll-checks/{check}/refuse")
    String refuse(
            @PathVariable long id,
            @PathVariable long check,
            @RequestParam(name = "declaration", defaultValue = "") String declaration,
            @RequestParam(name = "reason", defaultValue = "") String reason,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        try {
            checks.refuse(id, check, declaration, reason, staff.getName());
        } catch (RollChecks.Problem e) {
            return problem(id, e, staff, response, model, reason);
        }
        redirect.addFlashAttribute("done", "Refused: no link was sent, and the reason is in the ballot log");
        return "redirect:/ballots/" + id + "/roll-checks";
    }

    private String problem(
            long id,
            RollChecks.Problem e,
            Authentication staff,
            HttpServletResponse response,
            Model model,
            String reason) {
        response.setStatus(e.field().equals("checks") ? 409 : 400);
        model.addAttribute("problem", e.getMessage());
        model.addAttribute("problemField", e.field());
        model.addAttribute("reasonEntered", reason);
        return list(id, staff, model);
    }

    /** Who may confirm or refuse a declared role, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths rollCheckDecisions() {
            return RolePaths.of(
                    "POST",
                    List.of("/ballots/{id}/roll-checks/{check}/confirm", "/ballots/{id}/roll-checks/{check}/refuse"),
                    "SCRUTINEER");
        }
    }
}
