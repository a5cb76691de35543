package org.gpaction.events.registration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.TooManyRequestsPage;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/** An event's public page with its registration form, and the pages its confirmation and cancel links open. */
@Controller
class RegistrationPagesController {

    public record RegistrationForm(String name, String email, String role, String practice) {

        RegistrationDetails toDetails() {
            return new RegistrationDetails(name, email, RegistrationRules.role(role), practice);
        }
    }

    private final Events events;
    private final Registrations registrations;
    private final Registering registering;
    private final Clock clock;

    RegistrationPagesController(Events events, Registrations registrations, Registering registering, Clock clock) {
        this.events = events;
        this.registrations = registrations;
        this.registering = registering;
        this.clock = clock;
    }

    @ModelAttribute("roles")
    TeamRole[] roles() {
        return TeamRole.values();
    }

    @GetMapping("/events/{id:\\d+}")
    String event(@PathVariable long id, Model model) {
        model.addAttribute("form", new RegistrationForm("", "", "", ""));
        return eventPage(id, model);
    }

    @PostMapping("/events/{id:\\d+}/register")
    String register(
            @PathVariable long id,
            @ModelAttribute("form") RegistrationForm form,
            BindingResult errors,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        try {
            registering.register(id, form.toDetails(), request.getRemoteAddr());
        } catch (InvalidRegistration e) {
            e.problems().forEach((field, message) -> errors.rejectValue(field, "invalid", message));
            model.addAttribute("hasErrors", true);
            response.setStatus(400);
            return eventPage(id, model);
        } catch (Registering.EventClosed e) {
            response.setStatus(409);
            return eventPage(id, model);
        } catch (Registering.TooManyRequests e) {
            // Colleagues behind one shared address may meet the limit: the form comes back as typed, to send again.
            long minutes = e.retryAfter().minutes();
            errors.reject(
                    "tooMany",
                    "Too many registrations have come from your network address (a practice or trust may share one):"
                            + " send this again in " + minutes + (minutes == 1 ? " minute" : " minutes")
                            + ". What you entered is kept.");
            model.addAttribute("hasErrors", true);
            TooManyRequestsPage.refuse(e.retryAfter(), response);
            return eventPage(id, model);
        }
        model.addAttribute("event", events.find(id).orElseThrow());
        return "events/check-email";
    }

    @GetMapping("/events/confirm/{token}")
    String confirmPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        return withLink(
                response,
                model,
                () -> registering
                        .pending(token, request.getRemoteAddr())
                        .map(linked -> askFirst("events/confirm", linked, token, response, model)));
    }

    @PostMapping("/events/confirm/{token}")
    String confirm(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        return withLink(
                response,
                model,
                () -> registering.confirm(token, request.getRemoteAddr()).map(confirmed -> {
                    model.addAttribute("confirmed", confirmed);
                    return "events/confirmed";
                }));
    }

    @GetMapping("/events/cancel/{token}")
    String cancelPage(
            @PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        return withLink(
                response,
                model,
                () -> registering
                        .cancellable(token, request.getRemoteAddr())
                        .map(linked -> askFirst("events/cancel", linked, token, response, model)));
    }

    @PostMapping("/events/cancel/{token}")
    String cancel(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        return withLink(
                response,
                model,
                () -> registering.cancel(token, request.getRemoteAddr()).map(linked -> {
                    model.addAttribute("linked", linked);
                    return "events/cancelled";
                }));
    }

    /**
     * Opening a confirmation or cancel link only shows its page, so that a mail scanner never uses it up: the page
     * with its button while the event is open, else the closed page.
     */
    private String askFirst(
            String view, Registering.Linked linked, String token, HttpServletResponse response, Model model) {
        model.addAttribute("linked", linked);
        model.addAttribute("token", token);
        return linked.event().openAt(clock.instant()) ? view : closed(response);
    }

    private String eventPage(long id, Model model) {
        Event event = events.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no event " + id));
        Registrations.Counts counts = registrations.counts(id);
        model.addAttribute("event", event);
        model.addAttribute("open", event.openAt(clock.instant()));
        model.addAttribute("placesLeft", Math.max(0, event.capacity() - counts.confirmed()));
        return "events/event";
    }

    private interface LinkStep {
        java.util.Optional<String> page();
    }

    private static String withLink(HttpServletResponse response, Model model, LinkStep step) {
        try {
            return step.page().orElseGet(() -> {
                response.setStatus(404);
                return "events/link-unusable";
            });
        } catch (Registering.LinksPaused e) {
            return TooManyRequestsPage.show(e.retryAfter(), "events/too-many", response, model);
        } catch (Registering.EventClosed e) {
            return closed(response);
        }
    }

    private static String closed(HttpServletResponse response) {
        response.setStatus(409);
        return "events/closed";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths eventsPublicPaths() {
            return PublicPaths.of("/events", "/events/**", "/events.ics", "/api/events", "/api/events/*/registrations");
        }
    }
}
