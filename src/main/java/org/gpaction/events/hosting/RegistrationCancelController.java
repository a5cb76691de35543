package org.gpaction.events.hosting;

import java.time.Clock;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.registration.Registrant;
import org.gpaction.events.registration.RegistrationStatus;
import org.gpaction.events.registration.Registrations;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A host cancels someone's registration from the event's page, after a page asking them to confirm it: someone who
 * phoned to give up their place, or addresses a script registered to fill the event (one never confirmed is removed
 * without an email). Who may send the form, for which event, is checked before it is read
 * ({@link HostingPagesController.Roles}).
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'LMC_OFFICER')")
class RegistrationCancelController {

    private final EventAccess access;
    private final Registrations registrations;
    private final Clock clock;

    RegistrationCancelController(EventAccess access, Registrations registrations, Clock clock) {
        this.access = access;
        this.registrations = registrations;
        this.clock = clock;
    }

    @GetMapping("/hosting/events/{id:\\d+}/registrations/{registration:\\d+}/cancel")
    String confirmPage(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            @PathVariable long registration,
            Model model) {
        Event event = access.toHost(staff, id);
        Registrations.refuseCancellingRegistrations(event, clock.instant());
        Registrant registrant = registrations
                .find(id, registration)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no registration " + registration + " for this event"));
        if (registrant.status() == RegistrationStatus.CANCELLED) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "This registration is already cancelled: there is nothing more to cancel");
        }
        model.addAttribute("event", event);
        model.addAttribute("registrant", registrant);
        return "events/host-cancel-registration";
    }

    @PostMapping("/hosting/events/{id:\\d+}/registrations/{registration:\\d+}/cancel")
    String cancel(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            @PathVariable long registration,
            RedirectAttributes redirect) {
        access.toHost(staff, id);
        Registrant cancelled = registrations.cancelByHost(id, registration, staff.email());
        redirect.addFlashAttribute(
                "notice",
                switch (cancelled.status()) {
                    case CONFIRMED ->
                        "The registration is cancelled; its place went to the first person waiting, if anyone was,"
                                + " and " + cancelled.name() + " has been emailed";
                    case PENDING -> "The registration, never confirmed, is removed; nobody was emailed";
                    default -> "The registration is cancelled, and " + cancelled.name() + " has been emailed";
                });
        return "redirect:/hosting/events/" + id + "#attendance";
    }
}
