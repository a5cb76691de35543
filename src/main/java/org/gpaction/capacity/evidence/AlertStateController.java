package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A practice's weekly alert state, suggested and confirmed; the sitrep of how many practices are in each, for an LMC, an
 * ICB or both, narrowing what the person may see as the evidence pages do.
 */
@Controller
class AlertStateController {

    private final CapacityAccess access;
    private final AlertStates states;
    private final EvidenceScope scopes;
    private final Clock clock;

    AlertStateController(CapacityAccess access, AlertStates states, EvidenceScope scopes, Clock clock) {
        this.access = access;
        this.states = states;
        this.scopes = scopes;
        this.clock = clock;
    }

    @GetMapping("/safe-working/{ods}/alert-state")
    String show(
            @PathVariable String ods,
            @RequestParam(required = false) String week,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toSeeEvidence(staff, ods);
        LocalDate weekOf = weekOf(week);
        // No figures yet, so nothing to suggest from: the rules would call a week to come Green.
        refuseIfNotStarted(weekOf, "there are no figures to suggest its alert state from");
        return page(practice, weekOf, staff, model);
    }

    private String page(Practice practice, LocalDate weekOf, StaffPrincipal staff, Model model) {
        boolean worksAt = CapacityAccess.worksAt(staff, practice);
        AlertStates.Week shown = states.week(practice.odsCode(), weekOf);
        model.addAttribute("practice", practice);
        // LMC officers read counts only (DESIGN.md): the state and when it was confirmed, not who or their comment.
        model.addAttribute("week", worksAt ? shown : shown.countsOnly());
        model.addAttribute("previous", weekOf.minusWeeks(1));
        model.addAttribute("states", AlertState.values());
        boolean mayConfirm = worksAt && CapacityAccess.mayManage(staff);
        model.addAttribute("mayConfirm", mayConfirm);
        if (mayConfirm && shown.confirmed().isEmpty()) {
            // The page of a week the form would be refused for says why instead of offering the form; a week that holds
            // a confirmation may be corrected, so its page offers the form (see weekRefused).
            Optional<LocalDate> first = states.firstWeekWithFigures(practice.odsCode());
            LocalDate firstConfirmable = first.orElse(AlertStates.weekOf(PracticeCalendar.dayOf(clock.instant())));
            if (weekOf.isBefore(firstConfirmable)) {
                model.addAttribute("firstWeek", firstConfirmable);
                model.addAttribute("hasFigures", first.isPresent());
            }
        }
        return "capacity/alert-state";
    }

    @PostMapping("/safe-working/{ods}/alert-state")
    String confirm(
            @PathVariable String ods,
            @RequestParam(required = false) String week,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String comment,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        Optional<WeekRefused> weekRefused = weekRefused(practice.odsCode(), week);
        if (weekRefused.isPresent()) {
            // The week is the page's, not typed: the radios cannot put it right, so nothing of the form is shown again.
            response.setStatus(weekRefused.get().status());
            model.addAttribute("practice", practice);
            model.addAttribute("weekProblem", weekRefused.get().problem());
            model.addAttribute("hasErrors", true);
            return "capacity/alert-state-week-refused";
        }
        LocalDate weekOf = weekOf(week);
        try {
            states.confirm(practice.odsCode(), weekOf, state, comment, staff.email());
        } catch (InvalidRequest e) {
            // The page again, with the choice and the comment as sent and each mistake linked to its input.
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            Map<String, String> problems = new LinkedHashMap<>();
            e.errors()
                    .forEach(error -> problems.putIfAbsent(
                            "comment".equals(error.get("field")) ? "comment" : "state", error.get("message")));
            model.addAttribute("problems", problems);
            model.addAttribute("hasErrors", true);
            model.addAttribute("chosen", state == null ? "" : state.strip().toUpperCase(Locale.ROOT));
            model.addAttribute("comment", comment == null ? "" : comment);
            return page(practice, weekOf, staff, model);
        }
        redirect.addFlashAttribute("confirmed", true);
        return "redirect:/safe-working/" + practice.odsCode() + "/alert-state?week=" + weekOf;
    }

    @GetMapping("/safe-working/sitrep")
    String sitrep(
            @RequestParam(required = false) String week,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, null);
        LocalDate weekOf = weekOf(week);
        // Nobody has confirmed a week to come, nor recorded in it: its counts would be confident zeros.
        refuseIfNotStarted(weekOf, "there are no alert states to count");
        Map<AlertState, Integer> counts = states.sitrep(scope.practices(), weekOf);
        model.addAttribute("scope", scope);
        model.addAttribute("weekOf", weekOf);
        model.addAttribute("previous", weekOf.minusWeeks(1));
        model.addAttribute("counts", counts);
        model.addAttribute("notConfirmed", states.recordingButNotConfirmed(scope.practices(), weekOf));
        model.addAttribute("lmc", lmc);
        model.addAttribute("icb", icb);
        model.addAttribute("admin", staff.role() == StaffRole.ADMIN);
        // Thymeleaf writes a null link parameter as a bare name; an empty list leaves it out of the link.
        model.addAttribute("lmcParameter", AreaEvidenceController.ifSet(lmc));
        model.addAttribute("icbParameter", AreaEvidenceController.ifSet(icb));
        return "capacity/sitrep";
    }

    private void refuseIfNotStarted(LocalDate weekOf, String soNothing) {
        if (weekOf.isAfter(AlertStates.weekOf(PracticeCalendar.dayOf(clock.instant())))) {
            throw InvalidRequest.field(
                    "week",
                    "The week of " + UkTime.day(weekOf) + " has not started, so " + soNothing
                            + ": choose this week or an earlier one");
        }
    }

    /** Why a form's week cannot be confirmed, with the status to answer: 400 for the week sent, 409 for the figures. */
    private record WeekRefused(int status, String problem) {

        static Optional<WeekRefused> sent(String problem) {
            return Optional.of(new WeekRefused(HttpServletResponse.SC_BAD_REQUEST, problem));
        }
    }

    /** Why the form's week cannot be confirmed, or empty: the page offers only a week that has started. */
    private Optional<WeekRefused> weekRefused(String odsCode, String week) {
        String nothingConfirmed = ", so nothing was confirmed. Open this week's alert state and confirm it there";
        if (week == null || week.isBlank()) {
            return Optional.empty();
        }
        LocalDate day;
        try {
            day = LocalDate.parse(week.strip());
        } catch (DateTimeParseException e) {
            return WeekRefused.sent("The week this form was sent for is not a date" + nothingConfirmed);
        }
        if (!CapacityDates.isWithin(day)) {
            return WeekRefused.sent("The week this form was sent for is not a date from " + CapacityDates.rangeInWords()
                    + nothingConfirmed);
        }
        LocalDate weekOf = AlertStates.weekOf(day);
        if (!weekOf.equals(day)) {
            return WeekRefused.sent("The week this form was sent for, " + UkTime.day(day) + ", is not a Monday's date"
                    + " (a week is given by its Monday, for example " + UkTime.day(weekOf) + ")" + nothingConfirmed);
        }
        LocalDate thisWeek = AlertStates.weekOf(PracticeCalendar.dayOf(clock.instant()));
        if (weekOf.isAfter(thisWeek)) {
            return WeekRefused.sent("The week of " + UkTime.day(weekOf) + " has not started" + nothingConfirmed);
        }
        // A week before any figure would be a Green suggested from its zeros, confirmed as though it were measured. A
        // practice with none yet may confirm this week, its first, so that a new practice is not kept from starting.
        // A week that holds a confirmation may be corrected, though it fell before the first week it could confirm once
        // this week moved on, or once the practice recorded its first request in a later week.
        Optional<LocalDate> first = states.firstWeekWithFigures(odsCode);
        if (weekOf.isBefore(first.orElse(thisWeek))
                && states.confirmed(odsCode, weekOf).isEmpty()) {
            String firstWeek = first.map(monday -> "the first week with figures is the week of " + UkTime.day(monday))
                    .orElse("it has recorded none yet, so the first week it can confirm is this week, the week of "
                            + UkTime.day(thisWeek));
            return Optional.of(new WeekRefused(
                    HttpServletResponse.SC_CONFLICT,
                    "The week of " + UkTime.day(weekOf) + " is before the practice recorded any request: " + firstWeek
                            + nothingConfirmed));
        }
        return Optional.empty();
    }

    private LocalDate weekOf(String week) {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        if (week == null || week.isBlank()) {
            return AlertStates.weekOf(today);
        }
        // Written in the address, so the figures an address needs are said as well as the range in words.
        LocalDate day;
        try {
            day = LocalDate.parse(week.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(
                    "week",
                    "week must be a Monday's date written year-month-day, as 2026-12-07, from "
                            + CapacityDates.rangeInWords());
        }
        if (!CapacityDates.isWithin(day)) {
            throw InvalidRequest.field("week", "week must be a date from " + CapacityDates.rangeInWords());
        }
        LocalDate monday = AlertStates.weekOf(day);
        if (!monday.equals(day)) {
            throw InvalidRequest.field(
                    "week",
                    UkTime.day(day) + " is not a Monday: enter the week as a Monday's date, for example "
                            + UkTime.day(monday) + ", written " + monday + " in the address");
        }
        return monday;
    }
}
