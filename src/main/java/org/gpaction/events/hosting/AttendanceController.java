package org.gpaction.events.hosting;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.CsvDownload;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.registration.Registrations;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A host's view of one event: who registered, who came, and the same as a spreadsheet. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'LMC_OFFICER')")
class AttendanceController {

    /** UK time to the minute, as the other downloads give times, so a spreadsheet can sort and read them. */
    private static final DateTimeFormatter CSV_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(UkTime.ZONE);

    private final EventAccess access;
    private final Registrations registrations;
    private final Clock clock;

    AttendanceController(EventAccess access, Registrations registrations, Clock clock) {
        this.access = access;
        this.registrations = registrations;
        this.clock = clock;
    }

    @GetMapping("/hosting/events/{id:\\d+}")
    String event(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, Model model) {
        Event event = access.toHost(staff, id);
        model.addAttribute("event", event);
        // Once it has started it can be neither changed nor cancelled: the page offers neither.
        model.addAttribute("started", event.hasStarted(clock.instant()));
        model.addAttribute("counts", registrations.counts(id));
        model.addAttribute("registrants", registrations.list(id));
        return "events/host-event";
    }

    /**
     * Saves the ticks of the registrants the page showed ({@code shown}), so that two hosts at the door saving their
     * pages keep each other's: a page from before it said which it showed takes every confirmed registrant as shown,
     * and none as shown ticked, so it can add ticks and never take another host's off.
     */
    @PostMapping("/hosting/events/{id:\\d+}/attendance")
    String attendance(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            @RequestParam(name = "attended", required = false) List<Long> attended,
            @RequestParam(name = "shown", required = false) List<Long> shown,
            @RequestParam(name = "shownTicked", required = false) List<Long> shownTicked,
            RedirectAttributes redirect) {
        access.toHost(staff, id);
        registrations.recordAttendance(
                id,
                attended == null ? List.of() : attended,
                shown,
                shown == null || shownTicked == null ? List.of() : shownTicked);
        redirect.addFlashAttribute("notice", "Attendance is saved");
        return "redirect:/hosting/events/" + id + "#attendance";
    }

    @GetMapping("/hosting/events/{id:\\d+}/registrations.csv")
    void csv(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, HttpServletResponse response) {
        Event event = access.toHost(staff, id);
        CsvDownload.send(
                response,
                "event-" + event.id() + "-registrations.csv",
                List.of("name", "email", "role", "practice_ods", "status", "registered_at", "attended"),
                csv -> registrations.each(
                        id,
                        registrant -> csv.row(
                                registrant.name(),
                                registrant.email(),
                                registrant.role().label(),
                                registrant.practice(),
                                registrant.status().label(),
                                CSV_TIME.format(registrant.requestedAt()),
                                registrant.attended() == null ? "" : registrant.attended() ? "yes" : "no")));
    }
}
