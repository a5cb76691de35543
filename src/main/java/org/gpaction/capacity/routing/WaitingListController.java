package org.gpaction.capacity.routing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A day's waiting list, printable, with the requests carried onto it from earlier days ({@link WaitingListForDay}),
 * and reception booking its patients from it: each booked with a clinician who has room today, once, and counted as the
 * waiting list served rather than as a new request. Plain forms, so it works without JavaScript.
 */
@Controller
class WaitingListController {

    static final DateTimeFormatter LISTED_FOR = DateTimeFormatter.ofPattern("EEE d MMM", Locale.UK);

    /** What the last booking did, carried across the redirect in the page session (stored, so serializable). */
    record LastBooking(String headline, String detail) implements java.io.Serializable {}

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final Routing routing;
    private final DayViews views;
    private final WaitingListForDay waitingList;
    private final WaitingListBookings bookings;
    private final RoomAhead roomAhead;

    WaitingListController(
            CapacityAccess access,
            PracticeSetups setups,
            Routing routing,
            DayViews views,
            WaitingListForDay waitingList,
            WaitingListBookings bookings,
            RoomAhead roomAhead) {
        this.access = access;
        this.setups = setups;
        this.routing = routing;
        this.views = views;
        this.waitingList = waitingList;
        this.bookings = bookings;
        this.roomAhead = roomAhead;
    }

    /** The list for {@code day}, or, with none asked for, for the day requests beyond today's room wait for now. */
    @GetMapping("/safe-working/{ods}/waiting-list")
    String waitingList(
            @PathVariable String ods,
            @RequestParam(required = false) String day,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toRead(staff, ods);
        PracticeSetup setup = routing.setupOf(practice.odsCode());
        LocalDate today = PracticeCalendar.dayOf(views.now());
        DayViews.DayView now = views.day(practice, setup, today);
        // The days ahead held to today's limit, read once with today, as the router holds them when it promises them.
        LocalDate next = setups.calendar(setup, today)
                .nextWorkingDayAfter(today, roomAhead.from(setup, today.plusDays(1), now.capsHeldTo()))
                .orElse(today.plusDays(1));
        LocalDate on = day == null || day.isBlank() ? next : CapacityDates.dayOnPage("day", day);
        model.addAttribute("practice", practice);
        model.addAttribute("day", on);
        model.addAttribute("dayText", BoardController.DAY.format(on));
        model.addAttribute("today", today);
        model.addAttribute("next", next);
        WaitingListForDay.Listed listed = waitingList.read(setup, on);
        model.addAttribute("waiting", listed.entries());
        model.addAttribute(
                "carried",
                listed.entries().stream().filter(r -> r.carriedTo(on)).count());
        model.addAttribute("carriedDays", WaitingListForDay.WORKING_DAYS);
        model.addAttribute("listedFor", LISTED_FOR);
        // A request is booked from the list, or withdrawn, only while today's list still carries it
        // (WaitingListForDay#stillCarried), so only then does the page offer either.
        model.addAttribute("workedFrom", waitingList.carriedFrom(setup, today));
        model.addAttribute("now", now);
        return "capacity/waiting-list";
    }

    @PostMapping("/safe-working/{ods}/waiting-list/{id}/booking")
    String book(
            @PathVariable String ods,
            @PathVariable long id,
            @RequestParam(required = false) String clinician,
            @RequestParam(required = false) String day,
            @AuthenticationPrincipal StaffPrincipal staff,
            RedirectAttributes redirect) {
        Practice practice = access.toRecord(staff, ods);
        Long clinicianId = clinician == null || clinician.isBlank() ? null : clinicianId(clinician);
        LocalDate listDay = day == null || day.isBlank() ? null : CapacityDates.dayOnPage("day", day);
        Instant now = views.now();
        try {
            WaitingListBookings.Served served = bookings.book(practice, id, clinicianId, staff.email(), now);
            redirect.addFlashAttribute("booked", describe(id, served));
        } catch (ResponseStatusException refused) {
            redirect.addFlashAttribute("refused", refused.getReason());
        } catch (InvalidRequest noLongerThere) {
            // The list offers the clinicians there were when it was shown; shown again, it offers those there are.
            redirect.addFlashAttribute("refused", clinicianTakenOut(id));
        }
        return "redirect:/safe-working/" + practice.odsCode() + "/waiting-list"
                + (listDay == null ? "" : "?day=" + listDay);
    }

    /**
     * Booking refuses as invalid only a clinician who is not one of the practice's now, which the list's own form sends
     * when the clinician was taken out of the set-up after the list was shown.
     */
    static String clinicianTakenOut(long waitingId) {
        return "The clinician chosen was taken out of the set-up since this list was shown, so request " + waitingId
                + " was not booked: choose a clinician again, or whoever has most room.";
    }

    private static LastBooking describe(long waitingId, WaitingListBookings.Served served) {
        if (served.clinician() == null) {
            return new LastBooking(
                    "Request " + waitingId + " booked from the waiting list",
                    "Not counted toward any clinician's cap.");
        }
        return new LastBooking(
                "Request " + waitingId + " booked with " + served.clinician().label(),
                "Contact " + served.contactNumber() + " of "
                        + served.clinician().cap() + " today.");
    }

    private static Long clinicianId(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Choose a clinician from the list");
        }
    }
}
