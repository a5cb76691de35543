package org.gpaction.capacity.routing;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The practice's online front door, a public page the practice website links to: when there is room it hands the
 * patient on to the practice's own online consultation tool (that hand-over is a contact); when full, it shows where
 * else to go and when it reopens. Its state is also public as JSON for practice websites.
 */
@Controller
class FrontDoorController {

    private final Practices practices;
    private final PracticeSetups setups;
    private final DayViews views;
    private final Routing routing;
    private final FrontDoorLimits limits;

    FrontDoorController(
            Practices practices, PracticeSetups setups, DayViews views, Routing routing, FrontDoorLimits limits) {
        this.practices = practices;
        this.setups = setups;
        this.views = views;
        this.routing = routing;
        this.limits = limits;
    }

    /** The front door's state for practice websites and other systems. */
    @Schema(
            name = "FrontDoor",
            requiredProperties = {"open", "full", "takesRequests", "whenFull", "reopensAt", "page"})
    record State(
            @Schema(description = "Taking requests for today")
            boolean open,

            @Schema(description = "At safe capacity for today")
            boolean full,

            @Schema(description = "Taking requests at all: open, or full and taking them onto the waiting list")
            boolean takesRequests,

            WhenFull whenFull,

            @Schema(
                    types = {"string", "null"},
                    format = "date-time",
                    description = "When it opens again; null while open")
            Instant reopensAt,

            @Schema(description = "The public front-door page, a path on this site")
            String page) {}

    @Schema(name = "FrontDoorRefusal", requiredProperties = "detail")
    record Refusal(String detail) {}

    @GetMapping("/api/practices/{ods}/front-door")
    @ResponseBody
    @ApiResponse(
            responseCode = "200",
            description = "The front door now",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = State.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No practice with that code runs its front door through GP Action",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refusal.class)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many look-ups from the caller's address this minute",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refusal.class)))
    ResponseEntity<?> state(@PathVariable String ods, HttpServletRequest request) {
        if (!limits.mayLookUp(request.getRemoteAddr())) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Long.toString(FrontDoorLimits.LOOKUP_WINDOW.toSeconds()))
                    .body(new Refusal("Too many look-ups from your address: try again in a minute"));
        }
        Optional<Served> served = served(ods);
        if (served.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .body(new Refusal("No practice with that code runs its front door through GP Action"));
        }
        DayViews.FrontDoor door =
                views.frontDoor(served.get().practice(), served.get().setup());
        return ResponseEntity.ok()
                .header("Cache-Control", "no-store")
                .body(new State(
                        door.open(),
                        door.full(),
                        door.takesRequests(),
                        door.whenFull(),
                        door.reopensAt(),
                        "/p/" + served.get().practice().odsCode()));
    }

    @GetMapping("/p/{ods}")
    String page(@PathVariable String ods, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (!limits.mayLookUp(request.getRemoteAddr())) {
            return busy(response, model, FrontDoorLimits.LOOKUP_WINDOW, "a minute");
        }
        Optional<Served> served = served(ods);
        if (served.isEmpty()) {
            response.setStatus(404);
            return "capacity/front-door-unknown";
        }
        DayViews.FrontDoor door =
                views.frontDoor(served.get().practice(), served.get().setup());
        model.addAttribute("practice", served.get().practice());
        model.addAttribute("door", door);
        model.addAttribute("reopens", door.reopensAt() == null ? null : UkTime.format(door.reopensAt()));
        return door.takesRequests() ? "capacity/front-door" : "capacity/front-door-closed";
    }

    @PostMapping("/p/{ods}")
    String request(
            @PathVariable String ods,
            @RequestParam(required = false) String need,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Optional<Served> served = served(ods);
        if (served.isEmpty()) {
            response.setStatus(404);
            return "capacity/front-door-unknown";
        }
        Practice practice = served.get().practice();
        RequestKind kind;
        try {
            kind = RequestKind.valueOf(need == null ? "" : need.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            response.setStatus(400);
            DayViews.FrontDoor door = views.frontDoor(practice, served.get().setup());
            model.addAttribute("practice", practice);
            model.addAttribute("door", door);
            model.addAttribute("needError", "Choose what you need help with");
            return "capacity/front-door";
        }
        if (!limits.maySendRequest(request.getRemoteAddr())) {
            return busy(response, model, FrontDoorLimits.REQUEST_WINDOW, "10 minutes");
        }
        Instant now = views.now();
        Routing.Routed routed = routing.route(practice, new Router.Request(Channel.ONLINE, kind, null), null, now);
        DayViews.FrontDoor door = views.frontDoor(practice, served.get().setup());
        model.addAttribute("practice", practice);
        model.addAttribute("door", door);
        model.addAttribute("routed", routed);
        model.addAttribute("reopens", door.reopensAt() == null ? null : UkTime.format(door.reopensAt()));
        if (routed.decision() instanceof Router.Booked) {
            return "capacity/front-door-continue";
        }
        if (routed.decision() instanceof Router.Waitlisted waitlisted) {
            model.addAttribute(
                    "forDay",
                    waitlisted.forDay().format(java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK)));
            return "capacity/front-door-waitlisted";
        }
        model.addAttribute("reason", ((Router.Diverted) routed.decision()).reason());
        return "capacity/front-door-closed";
    }

    /** A refusal by a limit says when to come back, to people and to scripts alike: the limit's whole window. */
    private static String busy(HttpServletResponse response, Model model, Duration window, String wait) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(window.toSeconds()));
        model.addAttribute("wait", wait);
        return "capacity/front-door-busy";
    }

    private record Served(Practice practice, PracticeSetup setup) {}

    private Optional<Served> served(String ods) {
        String code = ods == null ? "" : ods.strip().toUpperCase(Locale.ROOT);
        if (code.length() > 10) {
            return Optional.empty();
        }
        return practices.find(code).flatMap(p -> setups.find(p.odsCode()).map(s -> new Served(p, s)));
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths capacityPublicPaths() {
            return PublicPaths.of("/p/*", "/api/practices/*/front-door");
        }
    }
}
