package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.MenuAction;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A practice stops an action it is taking, or de-escalates it, from a day it chooses; one that has not started yet it
 * can withdraw, so that it is never in force.
 */
@Controller
class StopActionController {

    public record StopForm(String on, String reason, String how) {}

    private final PracticeAccess access;
    private final PracticeActions actions;

    StopActionController(PracticeAccess access, PracticeActions actions) {
        this.access = access;
        this.actions = actions;
    }

    @GetMapping("/actions/practices/{ods}/actions/{number}/stop")
    String stopForm(
            @PathVariable String ods,
            @PathVariable int number,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toChange(staff, ods);
        model.addAttribute("form", new StopForm(actions.today().toString(), "", "STOPPED"));
        return stopPage(practice, number, model);
    }

    @PostMapping("/actions/practices/{ods}/actions/{number}/stop")
    String stop(
            @PathVariable String ods,
            @PathVariable int number,
            @ModelAttribute("form") StopForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            ActionPeriod period = actions.stop(
                    practice,
                    number,
                    form.on(),
                    form.reason(),
                    PracticeActionsApiController.sentHow(form.how()),
                    staff);
            redirect.addFlashAttribute(
                    "done",
                    period.isWithdrawn()
                            ? "Action " + number + " is withdrawn: it will not start on "
                                    + PracticeActions.DISPLAY.format(period.from())
                            : "Action " + number + " is recorded as "
                                    + period.endedHow().label().toLowerCase(Locale.UK) + " from "
                                    + PracticeActions.DISPLAY.format(period.to()));
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            PracticeFormErrors.reject(e, errors, model, response);
            return refusedPage(practice, number, model);
        }
    }

    private String stopPage(Practice practice, int number, Model model) {
        PracticeActions.Overview overview = actions.overview(practice);
        return stoppable(overview, number)
                .map(current -> page(overview, current, model))
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "Action " + number + " is not in force at " + practice.odsCode()
                                + ", or its stop is already recorded and it has started"));
    }

    /**
     * The page for a refused stop. The same form sent again (a double click, Back, or a second manager) finds nothing
     * left to stop: the page says why, as the refusal words it, with no form to send a third time. A withdrawal sent
     * again is headed as a withdrawal.
     */
    private String refusedPage(Practice practice, int number, Model model) {
        PracticeActions.Overview overview = actions.overview(practice);
        Optional<PracticeActions.CurrentAction> current = stoppable(overview, number);
        if (current.isPresent()) {
            return page(overview, current.get(), model);
        }
        MenuAction action = overview.action(number)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "Action " + number + " has never been on the menu"));
        model.addAttribute("overview", overview);
        model.addAttribute("action", action);
        model.addAttribute("ended", true);
        List<ActionPeriod> periods = overview.history().stream()
                .filter(period -> period.actionNumber() == number)
                .toList();
        model.addAttribute(
                "withdrawOnly",
                ActionStops.withdrawnToCome(periods, overview.today()).isPresent());
        return "actions/stop";
    }

    private static Optional<PracticeActions.CurrentAction> stoppable(PracticeActions.Overview overview, int number) {
        return overview.current().stream()
                .filter(c -> c.period().actionNumber() == number && c.mayBeStopped(overview.today()))
                .min(Comparator.comparing(c -> !c.period().isOpen()));
    }

    private static String page(PracticeActions.Overview overview, PracticeActions.CurrentAction current, Model model) {
        model.addAttribute("overview", overview);
        model.addAttribute("current", current);
        model.addAttribute("action", current.action());
        model.addAttribute("ended", false);
        model.addAttribute("planned", current.isPlanned(overview.today()));
        model.addAttribute("withdrawOnly", current.mayOnlyBeWithdrawn(overview.today()));
        return "actions/stop";
    }
}
