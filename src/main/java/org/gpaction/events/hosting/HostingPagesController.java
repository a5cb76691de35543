package org.gpaction.events.hosting;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.ListPage;
import org.gpaction.common.web.PageNumber;
import org.gpaction.common.web.RolePaths;
import org.gpaction.common.web.ScopedPaths;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.catalogue.Region;
import org.gpaction.events.registration.Registrations;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Hosts' pages: their events with how the places stand, and publishing, changing and cancelling one. */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'LMC_OFFICER')")
class HostingPagesController {

    record HostedEvent(Event event, Registrations.Counts counts) {}

    /** How many events a page of the list shows, the latest first. */
    static final int LISTED = 500;

    private final Events events;
    private final EventAccess access;
    private final EventChanges changes;
    private final Registrations registrations;
    private final Clock clock;
    private final int listed;

    @Autowired
    HostingPagesController(
            Events events, EventAccess access, EventChanges changes, Registrations registrations, Clock clock) {
        this(events, access, changes, registrations, clock, LISTED);
    }

    /** Listing {@code listed} events a page, so that a test need not publish more than a real page shows. */
    HostingPagesController(
            Events events,
            EventAccess access,
            EventChanges changes,
            Registrations registrations,
            Clock clock,
            int listed) {
        this.events = events;
        this.access = access;
        this.changes = changes;
        this.registrations = registrations;
        this.clock = clock;
        this.listed = listed;
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
    String list(
            @AuthenticationPrincipal StaffPrincipal staff,
            @RequestParam(name = "page", required = false) String pageAsked,
            Model model) {
        access.toHostAny(staff);
        int number = PageNumber.asked(pageAsked);
        Events.Page found = events.hostedBy(EventAccess.scope(staff), ListPage.offset(number, listed), listed);
        // A page past the last (an old link, events deleted since) is refused naming the pages there are, as the
        // public list refuses one.
        ListPage shown = ListPage.refusedIfPast(number, found.total(), listed);
        List<HostedEvent> hosted = found.events().stream()
                .map(event -> new HostedEvent(event, registrations.counts(event.id())))
                .toList();
        model.addAttribute("hosted", hosted);
        model.addAttribute("total", found.total());
        model.addAttribute("number", shown.number());
        model.addAttribute("pages", shown.pages());
        model.addAttribute("firstShown", shown.firstShown(hosted.size()));
        model.addAttribute("lastShown", shown.lastShown(hosted.size()));
        model.addAttribute("scope", EventAccess.scope(staff));
        return "events/host-list";
    }

    @GetMapping("/hosting/events/new")
    String newEvent(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
        access.toHostAny(staff);
        EventForm form = EventForm.empty();
        if (EventAccess.scope(staff) != null) {
            form = EventForm.hostedBy(staff.lmc());
        }
        model.addAttribute("form", form);
        model.addAttribute("submission", UUID.randomUUID().toString());
        return formPage(staff, null, model);
    }

    @PostMapping("/hosting/events/new")
    String publish(
            @AuthenticationPrincipal StaffPrincipal staff,
            @ModelAttribute("form") EventForm form,
            BindingResult errors,
            @RequestParam(name = "submission", required = false) String submission,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        access.toHostAny(staff);
        // A form from before the page carried its one-time value publishes as it always did; the page shown again
        // with problems keeps its value, so the corrected form sent twice is still one event.
        UUID once = uuid(submission);
        model.addAttribute("submission", (once == null ? UUID.randomUUID() : once).toString());
        try {
            EventChanges.Published published = changes.publish(staff, form.toDetails(), once);
            redirect.addFlashAttribute(
                    "notice",
                    published.before()
                            ? "The event is published (the form was sent more than once, and published it once)"
                            : "The event is published");
            return "redirect:/hosting/events/" + published.event().id();
        } catch (InvalidEvent e) {
            return refused(e, errors, staff, null, model, response);
        }
    }

    @GetMapping("/hosting/events/{id:\\d+}/edit")
    String edit(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, Model model) {
        Event event = access.toHost(staff, id);
        EventChanges.refuseChanging(event, clock.instant());
        model.addAttribute("form", EventForm.of(event));
        model.addAttribute("version", event.updatedAt().toString());
        return formPage(staff, event, model);
    }

    /**
     * Saves the form over the event as it was when the page was opened ({@code version}, kept in the form): a form
     * opened before someone else's change is answered 409 with the event as it is now, and changes and emails nothing.
     */
    @PostMapping("/hosting/events/{id:\\d+}/edit")
    String change(
            @AuthenticationPrincipal StaffPrincipal staff,
            @PathVariable long id,
            @ModelAttribute("form") EventForm form,
            BindingResult errors,
            @RequestParam(name = "version", required = false) String version,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Event event = access.toHost(staff, id);
        Optional<Instant> opened = version(version);
        // Said before the form's fields are checked, as fixing them would be for nothing; checked again with the event
        // locked. A cancelled or started event is refused as such by the change itself.
        if (event.openAt(clock.instant())
                && !opened.map(event.updatedAt()::equals).orElse(false)) {
            return changedMeanwhile(event, opened.isPresent(), staff, model, response);
        }
        model.addAttribute("version", version);
        try {
            int told = changes.change(staff, id, form.toDetails(), opened.orElse(null));
            redirect.addFlashAttribute(
                    "notice",
                    switch (told) {
                        case 0 -> "The event is changed";
                        case 1 -> "The event is changed; the 1 person it concerns has been emailed";
                        default -> "The event is changed; the " + told + " people it concerns have been emailed";
                    });
            return "redirect:/hosting/events/" + id;
        } catch (InvalidEvent e) {
            return refused(e, errors, staff, event, model, response);
        } catch (EventChanges.ChangedMeanwhile e) {
            return changedMeanwhile(e.current(), true, staff, model, response);
        }
    }

    /** The form again, filled from the event as it is now and with its version, saying why nothing was saved. */
    private String changedMeanwhile(
            Event current, boolean versioned, StaffPrincipal staff, Model model, HttpServletResponse response) {
        EventForm fresh = EventForm.of(current);
        BindingResult problem = new BeanPropertyBindingResult(fresh, "form");
        problem.reject(
                "changed",
                versioned
                        ? "This event was changed " + UkTime.onOrAt(current.updatedAt())
                                + " (UK time) after you opened this page: check it and save again (your changes were not saved)"
                        : "This page did not say which version of the event it changes, so nothing was saved: check"
                                + " the event as it is now and save again");
        model.addAttribute("form", fresh);
        model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "form", problem);
        model.addAttribute("version", current.updatedAt().toString());
        model.addAttribute("hasErrors", true);
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        return formPage(staff, current, model);
    }

    private static UUID uuid(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<Instant> version(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @GetMapping("/hosting/events/{id:\\d+}/cancel")
    String cancelPage(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, Model model) {
        Event event = access.toHost(staff, id);
        EventChanges.refuseCancelling(event, clock.instant());
        model.addAttribute("event", event);
        model.addAttribute("counts", registrations.counts(id));
        return "events/host-cancel";
    }

    @PostMapping("/hosting/events/{id:\\d+}/cancel")
    String cancel(@AuthenticationPrincipal StaffPrincipal staff, @PathVariable long id, RedirectAttributes redirect) {
        int told = changes.cancel(staff, id);
        redirect.addFlashAttribute(
                "notice",
                switch (told) {
                    case 0 -> "The event is cancelled; nobody had registered, so nobody was emailed";
                    case 1 -> "The event is cancelled; the 1 person registered has been emailed";
                    default -> "The event is cancelled; the " + told + " people registered have been emailed";
                });
        return "redirect:/hosting/events/" + id;
    }

    private String refused(
            InvalidEvent e,
            BindingResult errors,
            StaffPrincipal staff,
            Event event,
            Model model,
            HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        e.problems().forEach((field, message) -> errors.rejectValue(EventForm.field(field), "invalid", message));
        model.addAttribute("hasErrors", true);
        return formPage(staff, event, model);
    }

    private static String formPage(StaffPrincipal staff, Event event, Model model) {
        model.addAttribute("event", event);
        model.addAttribute("ownLmc", EventAccess.scope(staff));
        return "events/host-form";
    }

    /**
     * Who may send the hosting forms (publish, change, cancel, attendance, cancelling a registration), and for which
     * events, decided before they are read.
     */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths hostingForms() {
            return RolePaths.of("POST", List.of("/hosting/**"), "ADMIN", "LMC_OFFICER")
                    .refusedWith("Only administrators and LMC officers host events");
        }

        /**
         * Every form under one event (change, cancel, attendance, cancelling a registration) only from someone who hosts it, as its pages answer:
         * an LMC officer of another LMC is told there is no such event (404). A path naming no event number, such as
         * publishing's {@code /hosting/events/new}, is left to its controller.
         */
        @Bean
        ScopedPaths hostedEventForms(EventAccess access) {
            return new ScopedPaths("POST", List.of("/hosting/events/{id}/**"), "id", (principal, id) -> {
                if (principal instanceof StaffPrincipal staff && id.matches("\\d{1,18}")) {
                    access.toHost(staff, Long.parseLong(id));
                }
            });
        }
    }
}
