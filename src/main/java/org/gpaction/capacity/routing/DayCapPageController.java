package org.gpaction.capacity.routing;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.actions.ActionsInForce;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.Clinician;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.common.UkTime;
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
 * One clinician's cap for one day, from a page: a practice manager marks a clinician off sick at 10:00 (cap 0) from the
 * board, or a half day next week from the set-up page. The same rules and the same correction as the API's
 * {@code PUT /api/practices/{ods}/capacity/days/{day}}, so the two cannot drift apart; a plain form, so it works without
 * JavaScript.
 */
@Controller
class DayCapPageController {

    /** What the change did, carried across the redirect in the page session (stored in PostgreSQL, so serializable). */
    record CapChanged(String headline, String detail) implements java.io.Serializable {}

    record Form(String clinician, String day, String cap) {}

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final DayCorrections corrections;
    private final DayViews views;
    private final ActionsInForce actions;
    private final CapLimits limits;

    DayCapPageController(
            CapacityAccess access,
            PracticeSetups setups,
            DayCorrections corrections,
            DayViews views,
            ActionsInForce actions,
            CapLimits limits) {
        this.access = access;
        this.setups = setups;
        this.corrections = corrections;
        this.views = views;
        this.actions = actions;
        this.limits = limits;
    }

    @GetMapping("/safe-working/{ods}/day-caps")
    String form(
            @PathVariable String ods,
            @RequestParam(required = false) String clinician,
            @RequestParam(required = false) String day,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toManage(staff, ods);
        String today = PracticeCalendar.dayOf(views.now()).toString();
        return show(practice, new Form(clinician, day == null || day.isBlank() ? today : day, ""), Map.of(), model);
    }

    @PostMapping("/safe-working/{ods}/day-caps")
    String change(
            @PathVariable String ods,
            @RequestParam(required = false) String clinician,
            @RequestParam(required = false) String day,
            @RequestParam(required = false) String cap,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        Practice practice = access.toManage(staff, ods);
        Form form = new Form(clinician, day, cap);
        LocalDate today = PracticeCalendar.dayOf(views.now());
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<Clinician> who = clinician(practice, clinician);
        if (who.isEmpty()) {
            problems.put("clinician", "Choose one of the practice's clinicians");
        }
        LocalDate on = day(day, today, problems);
        if (on != null && !problems.containsKey("day")) {
            corrections.notWorked(practice, on).ifPresent(why -> problems.put("day", why));
        }
        // The menu in force today is the one in force on any day a cap may be changed for: today or one to come.
        Integer asked = cap(cap, limits.on(today), problems);
        if (!problems.isEmpty()) {
            response.setStatus(400);
            return show(practice, form, problems, model);
        }
        DayCorrections.ChangedCap changed = corrections
                .changeDay(
                        practice,
                        on,
                        today,
                        List.of(new ContactsApiController.DayChange(who.get().id(), asked)),
                        staff.email())
                .get(0);
        boolean enforced = actions.isInForce(practice.odsCode(), ActionsInForce.SAFE_WORKING, on);
        redirect.addFlashAttribute("capChanged", describe(changed, on, today, enforced));
        return on.equals(today)
                ? "redirect:/safe-working/" + practice.odsCode()
                : "redirect:/safe-working/" + practice.odsCode() + "/setup";
    }

    private String show(Practice practice, Form form, Map<String, String> problems, Model model) {
        LocalDate today = PracticeCalendar.dayOf(views.now());
        List<Clinician> clinicians = setups.clinicians(practice.odsCode());
        model.addAttribute("practice", practice);
        model.addAttribute("mayManage", true);
        if (clinicians.isEmpty()) {
            return "capacity/not-set-up";
        }
        model.addAttribute("clinicians", clinicians);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("hasErrors", !problems.isEmpty());
        model.addAttribute("today", today);
        model.addAttribute("enforced", actions.isInForce(practice.odsCode(), ActionsInForce.SAFE_WORKING, today));
        model.addAttribute("whenFull", BoardController.WHEN_FULL);
        model.addAttribute("capLimit", limits.on(today).contacts());
        return "capacity/day-cap";
    }

    private Optional<Clinician> clinician(Practice practice, String id) {
        if (id == null || !id.strip().matches("[0-9]{1,18}")) {
            return Optional.empty();
        }
        long wanted = Long.parseLong(id.strip());
        return setups.clinicians(practice.odsCode()).stream()
                .filter(c -> c.id() == wanted)
                .findFirst();
    }

    private static LocalDate day(String text, LocalDate today, Map<String, String> problems) {
        LocalDate day;
        try {
            day = LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            problems.put("day", "Enter the day as year-month-day, for example " + today);
            return null;
        }
        if (!DayCapRules.mayChange(day, today)) {
            problems.put("day", DayCapRules.DAY_PASSED + ": enter today, " + UkTime.day(today) + ", or a day to come");
        } else if (DayCapRules.isTooFarAhead(day, today)) {
            problems.put("day", DayCapRules.tooFarAheadInWords(today));
        }
        return day;
    }

    private static Integer cap(String text, CapLimit limit, Map<String, String> problems) {
        String given = text == null ? "" : text.strip();
        if (given.isEmpty()) {
            problems.put("cap", "Enter the cap for that day, from 0 (no new contacts) to " + limit.contacts());
            return null;
        }
        Integer cap = given.matches("-?[0-9]{1,9}") ? Integer.valueOf(given) : null;
        if (!DayCapRules.isAllowedCap(cap, limit)) {
            problems.put("cap", "Enter the cap as a whole number. " + DayCapRules.capRange(limit));
        }
        return cap;
    }

    /**
     * What a manager and reception need to know: who takes no new contacts, that booked patients stay, and where new
     * requests go once the others are full ({@code enforced}: action 1 in force that day).
     */
    static CapChanged describe(DayCorrections.ChangedCap changed, LocalDate day, LocalDate today, boolean enforced) {
        boolean isToday = day.equals(today);
        String when = isToday ? "today" : "on " + BoardController.DAY.format(day);
        String booked = changed.used() == 1 ? "1 contact" : changed.used() + " contacts";
        if (changed.off()) {
            return new CapChanged(
                    changed.label() + (isToday ? " is off for the rest of today" : " is off " + when),
                    switch (changed.used()) {
                                case 0 -> changed.label() + " takes no new contacts";
                                case 1 -> "The contact already booked with " + changed.label() + " stays";
                                default -> "The " + booked + " already booked with " + changed.label() + " stay";
                            }
                            + ". New requests go to the other clinicians"
                            + (enforced
                                    ? "; when they are full, " + BoardController.WHEN_FULL + "."
                                    : "; before action 1 is in force nobody is turned away for want of room."));
        }
        String headline = changed.label() + "'s cap " + when + " is now " + changed.cap();
        // Before action 1 the router books past a cap (only a clinician off takes nothing new): saying that the
        // clinician takes no new ones, or how many more can be booked, would promise a limit that is not kept.
        String notEnforced = "Action 1 is not in force " + when + ", so the cap is counted and shown but not enforced: "
                + changed.label() + " can still be booked past it.";
        if (changed.cap() > changed.asked()) {
            return new CapChanged(
                    headline,
                    "You asked for " + changed.asked() + ", but " + booked + " are already booked with "
                            + changed.label() + " and they stay, so "
                            + (enforced
                                    ? changed.label() + " takes no new ones " + when + "."
                                    : "the cap is " + changed.cap() + ". " + notEnforced));
        }
        return new CapChanged(
                headline,
                changed.label() + " has " + booked + " booked"
                        + (enforced
                                ? ", so " + (changed.cap() - changed.used()) + " more can be booked " + when + "."
                                : ". " + notEnforced));
    }
}
