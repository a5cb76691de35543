package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Objects;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A practice takes one or more actions from the menu, from a day it chooses. */
@Controller
class ChooseActionsController {

    /** @param menuVersion the version of the menu the page showed, so that a choice never goes past an unseen warning */
    public record ChooseForm(List<String> actionNumber, String from, String note, String menuVersion) {}

    private final PracticeAccess access;
    private final PracticeActions actions;

    ChooseActionsController(PracticeAccess access, PracticeActions actions) {
        this.access = access;
        this.actions = actions;
    }

    @GetMapping("/actions/practices/{ods}/choose")
    String chooseForm(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toChange(staff, ods);
        model.addAttribute("form", new ChooseForm(List.of(), actions.today().toString(), "", null));
        return choosePage(practice, model);
    }

    @PostMapping("/actions/practices/{ods}/choose")
    String choose(
            @PathVariable String ods,
            @ModelAttribute("form") ChooseForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            List<Integer> numbers = form.actionNumber() == null
                    ? List.of()
                    : form.actionNumber().stream()
                            .map(PracticeFormErrors::actionNumber)
                            .filter(Objects::nonNull)
                            .distinct()
                            .sorted()
                            .toList();
            List<ActionPeriod> periods =
                    actions.chooseSeveral(practice, numbers, form.from(), form.note(), staff, form.menuVersion());
            redirect.addFlashAttribute("done", recorded(periods));
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            PracticeFormErrors.reject(e, errors, model, response);
            return choosePageAgain(practice, form, model);
        } catch (PracticeNotOpen e) {
            PracticeFormErrors.conflict("from", e.getMessage(), errors, model, response);
            return choosePageAgain(practice, form, model);
        } catch (PhaseTwoSinceShown e) {
            // Shown again with the warning and unticked, so that it is chosen past the warning or not at all.
            PracticeFormErrors.conflict("actionNumber", e.getMessage(), errors, model, response);
            model.addAttribute("unticked", e.actions());
            return choosePage(practice, model);
        }
    }

    /**
     * The page again for a mistake other than phase two, still saying the version of the menu the page sent showed
     * (none if it said none, or named one there is not): refused for something else first, an action raised to phase
     * two since is still asked about, unticked with its warning, when the page is sent again, rather than taken as seen
     * on this page.
     */
    private String choosePageAgain(Practice practice, ChooseForm form, Model model) {
        model.addAttribute("shownVersion", actions.published(form.menuVersion()).isPresent() ? form.menuVersion() : "");
        return choosePage(practice, model);
    }

    /** The form, or instead of it, for a practice that may not choose actions, why not and who to ask. */
    private String choosePage(Practice practice, Model model) {
        model.addAttribute("overview", actions.overview(practice));
        OutsideEngland.of(practice).ifPresent(outside -> model.addAttribute("outsideEngland", outside));
        PracticeNotOpen.today(practice, actions.today()).ifPresent(why -> model.addAttribute("notOpen", why));
        return "actions/choose";
    }

    private static String recorded(List<ActionPeriod> periods) {
        List<String> numbers = periods.stream()
                .map(period -> String.valueOf(period.actionNumber()))
                .toList();
        String from = PracticeActions.DISPLAY.format(periods.get(0).from());
        if (numbers.size() == 1) {
            return "Action " + numbers.get(0) + " is recorded from " + from;
        }
        return "Actions " + String.join(", ", numbers.subList(0, numbers.size() - 1)) + " and "
                + numbers.get(numbers.size() - 1) + " are recorded from " + from;
    }
}
