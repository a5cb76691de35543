package org.gpaction.events.hosting;

import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.web.RolePaths;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.catalogue.Region;
import org.gpaction.events.registration.Registrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Hosts' pages: their events with how the places stand, and publishing, changing and cancelling one. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'LMC_OFFICER')")
class HostingPagesController {

    record HostedEvent(Event event, Registrations.Counts counts) {}

    private final Events events;
    private final EventAccess access;
    private final EventChanges changes;
    private final Registrations registrations;

    HostingPagesController(Events events, EventAccess access, EventChanges changes, Registrations registrations) {
        this.events = events;
        this.access = access;
        this.changes = changes;
        this.registrations = registrations;
    }

    @ModelAttribute("kinds")
    EventKind[] kinds() {
        return EventKind.values();
    }

    @ModelAttribute("regions")
    Region[] regions() {
        return Region.values();
    }

    @GetMapping("/hosting/events")
    String list(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        access.toHostAny(staff);
        List<HostedEvent> hosted = events.hostedBy(EventAccess.scope(staff), 500).stream()
                .map(event -> new HostedEvent(event, registrations.counts(event.id())))
                .toList();
        model.addAttribute("hosted", hosted);
        model.addAttribute("scope", EventAccess.scope(staff));
        return "events/host-list";
    }

    @GetMapping("/hosting/events/new")
    String newEvent(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        access.toHostAny(staff);
        EventForm form = EventForm.empty();
        if (EventAccess.scope(staff) != null) {
            form = new EventForm("", "", staff.lmc(), "", "", "", "", "", "", "", "", "", "", "");
        }
        model.addAttribute("form", form);
        return formPage(staff, null, model);
    }

    @PostMapping("/hosting/events/new")
    String publish(
            @AuthenticationPrincipal StaffPrincipal staff,
            @ModelAttribute("form") EventForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        access.toHostAny(staff);
        try {
            Event event = changes.publish(staff, form.toDetails());
            redirect.addFlashAttribute("notice", "The event is published");
            return "redirect:/hosting/events/" + event.id();
        } catch (InvalidEvent e) {
            return refused(e, errors, staff, null, model);
        }
    }

    @GetMapping("/hosting/events/{id:\\d+}/edit")
    String edit(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, Model model) {
        Event event = access.toHost(staff, id);
        model.addAttribute("form", EventForm.of(event));
        return formPage(staff, event, model);
    }

    @PostMapping("/hosting/events/{id:\\d+}/edit")
    String change(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            @ModelAttribute("form") EventForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        Event event = access.toHost(staff, id);
        try {
            int told = changes.change(staff, id, form.toDetails());
            redirect.addFlashAttribute(
                    "notice",
                    switch (told) {
                        case 0 -> "The event is changed";
                        case 1 -> "The event is changed; the 1 person it concerns has been emailed";
                        default -> "The event is changed; the " + told + " people it concerns have been emailed";
                    });
            return "redirect:/hosting/events/" + id;
        } catch (InvalidEvent e) {
            return refused(e, errors, staff, event, model);
        }
    }

    @GetMapping("/hosting/events/{id:\\d+}/cancel")
    String cancelPage(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, Model model) {
        Event event = access.toHost(staff, id);
        model.addAttribute("event", event);
        model.addAttribute("counts", registrations.counts(id));
        return "events/host-cancel";
    }

    @PostMapping("/hosting/events/{id:\\d+}/cancel")
    String cancel(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, RedirectAttributes redirect) {
        changes.cancel(staff, id);
        redirect.addFlashAttribute("notice", "The event is cancelled; everyone registered has been told");
        return "redirect:/hosting/events/" + id;
    }

    private String refused(InvalidEvent e, BindingResult errors, StaffPrincipal staff, Event event, Model model) {
        e.problems().forEach((field, message) -> errors.rejectValue(EventForm.field(field), "invalid", message));
        model.addAttribute("hasErrors", true);
        return formPage(staff, event, model);
    }

    private static String formPage(StaffPrincipal staff, Event event, Model model) {
        model.addAttribute("event", event);
        model.addAttribute("ownLmc", EventAccess.scope(staff));
        return "events/host-form";
    }

    /** Who may send the hosting forms (publish, change, cancel, attendance), decided before they are read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths hostingForms() {
            return RolePaths.of("POST", List.of("/hosting/**"), "ADMIN", "LMC_OFFICER")
                    .refusedWith("Only administrators and LMC officers host events");
        }
    }
}
