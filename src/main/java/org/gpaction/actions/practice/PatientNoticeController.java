package org.gpaction.actions.practice;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.actions.MenuAction;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The notice a practice shows its patients about its action, and the settings it is made from. */
@Controller
class PatientNoticeController {

    public record SettingsForm(String urgentCare, String message) {}

    private final PracticeAccess access;
    private final PracticeActions actions;
    private final PatientNotices notices;
    private final Practices practices;

    PatientNoticeController(
            PracticeAccess access, PracticeActions actions, PatientNotices notices, Practices practices) {
        this.access = access;
        this.actions = actions;
        this.notices = notices;
        this.practices = practices;
    }

    @GetMapping("/actions/practices/{ods}/settings")
    String settingsForm(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toChange(staff, ods);
        PatientNotices.Settings settings = notices.settings(practice).orElse(new PatientNotices.Settings("", ""));
        model.addAttribute("form", new SettingsForm(settings.urgentCare(), settings.message()));
        model.addAttribute("practice", practice);
        return "actions/settings";
    }

    @PostMapping("/actions/practices/{ods}/settings")
    String saveSettings(
            @PathVariable String ods,
            @ModelAttribute("form") SettingsForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            notices.save(practice, form.urgentCare(), form.message(), staff);
            redirect.addFlashAttribute("done", "The patient notice is updated");
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            PracticeFormErrors.reject(e, errors, model, response);
            model.addAttribute("practice", practice);
            return "actions/settings";
        }
    }

    @GetMapping("/actions/practices/{ods}/notice")
    String notice(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toSee(staff, ods);
        PracticeActions.Overview overview = actions.overview(practice);
        model.addAttribute("overview", overview);
        model.addAttribute("settings", notices.settings(practice).orElse(null));
        model.addAttribute("contact", practices.contact(practice.odsCode()).orElse(null));
        List<PracticeActions.CurrentAction> inForce = overview.current().stream()
                .filter(current -> !current.isPlanned(overview.today()))
                .toList();
        // The notice promises only what the practice is doing: each action in force in its own sentence, in menu order,
        // and a daily limit only while safe working, the one action whose caps the reception board enforces, is in
        // force. It says no change breaks the practice's agreement with the NHS only while every action in force is
        // within the contract and neither safe working nor action 9 is in force: under safe working the online front
        // door may close when full, and action 9 asks not to keep online triage open at safe capacity, which the
        // contract allows only with the ICB's agreement; that choice is made in safe working, which this module cannot
        // read.
        model.addAttribute(
                "steps",
                inForce.stream()
                        .map(PracticeActions.CurrentAction::action)
                        .sorted(Comparator.comparingInt(MenuAction::number))
                        .map(MenuAction::forPatients)
                        .distinct()
                        .toList());
        boolean safeWorking =
                inForce.stream().anyMatch(current -> current.period().actionNumber() == ActionsInForce.SAFE_WORKING);
        boolean triageMayClose = safeWorking
                || inForce.stream()
                        .anyMatch(current -> current.period().actionNumber() == ActionsInForce.DIGITAL_DECLARATIONS);
        model.addAttribute("dailyLimit", safeWorking);
        model.addAttribute(
                "withinContract",
                !triageMayClose
                        && inForce.stream()
                                .noneMatch(current -> current.action().phase() > 1));
        return "actions/notice";
    }
}
