package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** What follows a practice's timeline: a note added to it, and who is emailed about it. */
@Controller
class TimelineController {

    public record NoteForm(String actionNumber, String note) {}

    private final PracticeAccess access;
    private final PracticeActions actions;

    TimelineController(PracticeAccess access, PracticeActions actions) {
        this.access = access;
        this.actions = actions;
    }

    @GetMapping("/actions/practices/{ods}/notes")
    String noteForm(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toChange(staff, ods);
        model.addAttribute("form", new NoteForm("", ""));
        return notePage(practice, model);
    }

    @PostMapping("/actions/practices/{ods}/notes")
    String note(
            @PathVariable String ods,
            @ModelAttribute("form") NoteForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            actions.addNote(practice, PracticeFormErrors.actionNumber(form.actionNumber()), form.note(), staff);
            redirect.addFlashAttribute("done", "Your note is added to the timeline");
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            PracticeFormErrors.reject(e, errors, model, response);
            return notePage(practice, model);
        } catch (OffTheMenu e) {
            PracticeFormErrors.conflict("actionNumber", e.getMessage(), errors, model, response);
            return notePage(practice, model);
        }
    }

    @PostMapping("/actions/practices/{ods}/subscription")
    String subscription(
            @PathVariable String ods,
            @RequestParam(name = "subscribe", defaultValue = "false") boolean subscribe,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        actions.setSubscribed(practice, staff, subscribe);
        redirect.addFlashAttribute(
                "done",
                subscribe
                        ? "You will be emailed about menu changes and deferral reviews for this practice"
                        : "You will no longer be emailed about this practice's actions");
        return "redirect:/actions/practices/" + practice.odsCode();
    }

    private String notePage(Practice practice, Model model) {
        model.addAttribute("overview", actions.overview(practice));
        return "actions/note";
    }
}
