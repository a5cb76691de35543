package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;

/**
 * The set-up page's model, shared by the set-up form and the pause form that sits on the same page, so that a refusal
 * of either is shown on the page itself with what was typed.
 */
@Component
public class SetupPageView {

    /** A mistake in the error summary: the input it links to and what to fix. */
    public record Problem(String href, String message) {}

    private final PracticeSetups setups;
    private final SetupLog setupLog;
    private final CapLimits limits;

    SetupPageView(PracticeSetups setups, SetupLog setupLog, CapLimits limits) {
        this.setups = setups;
        this.setupLog = setupLog;
        this.limits = limits;
    }

    /** The most a cap may be today, and a new clinician's cap. */
    CapLimit capLimit() {
        return limits.today();
    }

    /** @param limit the {@link #capLimit()} as the request read it */
    String show(
            Practice practice,
            MultiValueMap<String, String> values,
            PracticeSetup setup,
            List<Problem> problems,
            CapLimit limit,
            Model model) {
        model.addAttribute("practice", practice);
        model.addAttribute("capLimit", limit);
        model.addAttribute("heldToLimit", setup == null ? List.of() : heldTo(limit, setup));
        model.addAttribute("v", values.toSingleValueMap());
        model.addAttribute("checked", values);
        model.addAttribute("clinicianRows", SetupFormFields.rows(values, "c"));
        model.addAttribute("signpostRows", SetupFormFields.rows(values, "s"));
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("roles", ClinicianRole.values());
        model.addAttribute("kinds", SignpostKind.values());
        model.addAttribute("problems", problems);
        model.addAttribute("fieldErrors", besideTheirBoxes(problems));
        model.addAttribute("hasErrors", !problems.isEmpty());
        model.addAttribute("setup", setup);
        model.addAttribute("whenFullChosenAt", setup == null ? null : UkTime.onOrAt(setup.whenFullChosenAt()));
        model.addAttribute("log", setup == null ? List.of() : setupLog.latest(practice.odsCode()));
        return "capacity/setup";
    }

    /**
     * "GP 1's cap of 25 is held to 20" for each clinician saved with a cap above the limit, which the menu lowered
     * since: while the practice has action 1 in force they take no more than the limit, and the set-up is not saved
     * again until their caps are lowered to it.
     */
    private static List<String> heldTo(CapLimit limit, PracticeSetup setup) {
        return limit.holds(setup.clinicians(), Clinician::label, Clinician::dailyCap);
    }

    /**
     * Each mistake by the id of the box it links to, to be shown beside that box as well as in the summary; the first
     * of several for one box.
     */
    private static Map<String, String> besideTheirBoxes(List<Problem> problems) {
        Map<String, String> beside = new LinkedHashMap<>();
        problems.stream()
                .filter(problem -> problem.href().startsWith("#"))
                .forEach(problem -> beside.putIfAbsent(problem.href().substring(1), problem.message()));
        return beside;
    }

    /**
     * The set-up page as saved, with the pause form refused: each mistake (keyed by the pause form's input, hours or
     * reason) in the error summary and beside its input, and the hours and reason as they were typed.
     */
    public String pauseRefused(
            Practice practice, String hours, String reason, Map<String, String> mistakes, Model model) {
        Optional<PracticeSetups.Versioned> current = setups.findVersioned(practice.odsCode());
        PracticeSetup setup = current.map(PracticeSetups.Versioned::setup).orElse(null);
        List<Problem> problems = mistakes.entrySet().stream()
                .map(mistake -> new Problem("#" + mistake.getKey(), mistake.getValue()))
                .toList();
        model.addAttribute("pauseHours", hours == null ? "" : hours);
        model.addAttribute("pauseReason", reason == null ? "" : reason);
        model.addAttribute("pauseErrors", new LinkedHashMap<>(mistakes));
        return show(
                practice,
                current.map(SetupFormFields::values).orElseGet(SetupFormFields::defaults),
                setup,
                problems,
                capLimit(),
                model);
    }
}
