package org.gpaction.actions.practice;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.support.PracticePledges;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.IcbNames;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A practice's page: what it is taking, its timeline, and the forms that change them; and its patient notice. */
@Controller
class PracticeActionsController {

    public record ChooseForm(List<String> actionNumber, String from, String note) {}

    public record StopForm(String on, String reason, String how) {}

    public record NoteForm(String actionNumber, String note) {}

    public record SettingsForm(String urgentCare, String message) {}

    private final PracticeAccess access;
    private final PracticeActions actions;
    private final PatientNotices notices;
    private final IcbNames icbNames;
    private final Practices practices;
    private final PracticePledges pledges;

    PracticeActionsController(
            PracticeAccess access,
            PracticeActions actions,
            PatientNotices notices,
            IcbNames icbNames,
            Practices practices,
            PracticePledges pledges) {
        this.pledges = pledges;
        this.access = access;
        this.actions = actions;
        this.notices = notices;
        this.icbNames = icbNames;
        this.practices = practices;
    }

    @GetMapping("/actions/practices")
    String practices(
            @RequestParam(name = "ods", required = false) String ods,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        if (staff.role() == StaffRole.ADMIN && ods != null && !ods.isBlank()) {
            String code = ods.strip().toUpperCase(Locale.ROOT);
            if (code.matches("[A-Z0-9]{3,10}")) {
                return "redirect:/actions/practices/" + code;
            }
            model.addAttribute("odsProblem", "Enter an ODS code, like A81001");
        }
        model.addAttribute("practices", access.listed(staff));
        model.addAttribute("isAdmin", staff.role() == StaffRole.ADMIN);
        model.addAttribute("icbNames", icbNames.all());
        return "actions/practices";
    }

    @GetMapping("/actions/practices/{ods}")
    String practice(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toSee(staff, ods);
        model.addAttribute("overview", actions.overview(practice));
        model.addAttribute("mayChange", PracticeAccess.mayChange(staff, practice));
        model.addAttribute("subscribed", actions.isSubscribed(practice, staff));
        model.addAttribute("mayMention", staff.role() == StaffRole.PRACTICE_MANAGER);
        model.addAttribute("icbArea", IcbNames.area(practice.icbCode(), icbNames.all()));
        model.addAttribute("supporters", pledges.confirmedAt(practice.odsCode()));
        return "actions/practice";
    }

    @GetMapping("/actions/practices/{ods}/choose")
    String chooseForm(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, Model model) {
        Practice practice = access.toChange(staff, ods);
        model.addAttribute("form", new ChooseForm(List.of(), actions.today().toString(), ""));
        return choosePage(practice, model);
    }

    @PostMapping("/actions/practices/{ods}/choose")
    String choose(
            @PathVariable String ods,
            @ModelAttribute("form") ChooseForm form,
            BindingResult errors,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model,
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            List<Integer> numbers = form.actionNumber() == null
                    ? List.of()
                    : form.actionNumber().stream()
                            .map(PracticeActionsController::number)
                            .filter(Objects::nonNull)
                            .distinct()
                            .sorted()
                            .toList();
            List<ActionPeriod> periods = actions.chooseSeveral(practice, numbers, form.from(), form.note(), staff);
            redirect.addFlashAttribute("done", recorded(periods));
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            reject(e, errors, model);
            return choosePage(practice, model);
        }
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
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            ActionPeriod period = actions.stop(
                    practice,
                    number,
                    form.on(),
                    form.reason(),
                    "DE_ESCALATED".equals(form.how()) ? EndedHow.DE_ESCALATED : EndedHow.STOPPED,
                    staff);
            redirect.addFlashAttribute(
                    "done",
                    "Action " + number + " is recorded as "
                            + period.endedHow().label().toLowerCase(Locale.UK) + " from "
                            + PracticeActions.DISPLAY.format(period.to()));
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            reject(e, errors, model);
            return stopPage(practice, number, model);
        }
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
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            actions.addNote(practice, number(form.actionNumber()), form.note(), staff);
            redirect.addFlashAttribute("done", "Your note is added to the timeline");
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            reject(e, errors, model);
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
            RedirectAttributes redirect) {
        Practice practice = access.toChange(staff, ods);
        try {
            notices.save(practice, form.urgentCare(), form.message(), staff);
            redirect.addFlashAttribute("done", "The patient notice is updated");
            return "redirect:/actions/practices/" + practice.odsCode();
        } catch (InvalidRequest e) {
            reject(e, errors, model);
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
        model.addAttribute(
                "steps",
                overview.current().stream()
                        .filter(current -> !current.isPlanned(overview.today()))
                        .map(current -> current.action().category())
                        .distinct()
                        .sorted()
                        .toList());
        return "actions/notice";
    }

    private String choosePage(Practice practice, Model model) {
        model.addAttribute("overview", actions.overview(practice));
        return "actions/choose";
    }

    private String stopPage(Practice practice, int number, Model model) {
        PracticeActions.Overview overview = actions.overview(practice);
        PracticeActions.CurrentAction current = overview.current().stream()
                .filter(c -> c.period().actionNumber() == number)
                .findFirst()
                .orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.NOT_FOUND,
                        "Action " + number + " is not in force at " + practice.odsCode()));
        model.addAttribute("overview", overview);
        model.addAttribute("current", current);
        return "actions/stop";
    }

    private String notePage(Practice practice, Model model) {
        model.addAttribute("overview", actions.overview(practice));
        return "actions/note";
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

    private static Integer number(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw InvalidRequest.field("actionNumber", "Choose an action from the menu");
        }
    }

    private static void reject(InvalidRequest e, BindingResult errors, Model model) {
        for (Map<String, String> error : e.errors()) {
            String field = error.get("field");
            if (errors.getFieldType(field) != null || hasProperty(errors, field)) {
                errors.rejectValue(field, "invalid", error.get("message"));
            } else {
                errors.reject("invalid", error.get("message"));
            }
        }
        model.addAttribute("hasErrors", true);
    }

    private static boolean hasProperty(BindingResult errors, String field) {
        Object target = errors.getTarget();
        return target != null
                && java.util.Arrays.stream(target.getClass().getRecordComponents())
                        .anyMatch(component -> component.getName().equals(field));
    }
}
