package org.gpaction.capacity.routing;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.capacity.setup.WhenFull;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The front door's state as JSON, public for practice websites and other systems. */
@RestController
class FrontDoorStateController {

    /**
     * Practice websites read the front door's state from their own pages' scripts, so any site may: the state is
     * public, and the request carries no credentials for another site to borrow.
     */
    static final String ANY_SITE = "*";

    private final FrontDoors frontDoors;
    private final DayViews views;
    private final FrontDoorLimits limits;

    FrontDoorStateController(FrontDoors frontDoors, DayViews views, FrontDoorLimits limits) {
        this.frontDoors = frontDoors;
        this.views = views;
        this.limits = limits;
    }

    /** The front door's state for practice websites and other systems. */
    @Schema(
            name = "FrontDoor",
            requiredProperties = {"open", "full", "takesRequests", "whenFull", "reopensAt", "page"})
    record State(
            @Schema(
                    description = "Its page shows its form now: for today or, full at a practice that stays open,"
                            + " for the waiting list of a day with room; false while it only signposts. A burst past"
                            + " the practice's 10-minute ceiling, or the sender's own limit, may still be refused with"
                            + " 429 for up to 10 minutes")
            boolean open,

            @Schema(
                    description = "At safe capacity for today, whether or not it takes requests; with open true too, a"
                            + " request goes onto the waiting list")
            boolean full,

            @Schema(
                    deprecated = true,
                    description = "The same as open, kept for the practice websites already reading it: read" + " open")
            boolean takesRequests,

            WhenFull whenFull,

            @Schema(
                    types = {"string", "null"},
                    format = "date-time",
                    description = "When it next has room for requests of the day they are sent, at the opening of a"
                            + " working day with room (after the pause's end, while paused); null while it has room,"
                            + " or when no working day with room comes within a month (of the pause's end, while"
                            + " paused)")
            Instant reopensAt,

            @Schema(description = "The public front-door page, a path on this site")
            String page) {}

    @Schema(name = "FrontDoorRefusal", requiredProperties = "detail")
    record Refusal(String detail) {}

    @GetMapping("/api/practices/{ods}/front-door")
    @ApiResponse(
            responseCode = "200",
            description = "The front door now",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = State.class)))
    @ApiResponse(
            responseCode = "404",
            description =
                    "No practice with that code runs its front door through GP Action, or the practice is not open"
                            + " today by the practice directory (closed, dormant or only proposed)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refusal.class)))
    @ApiResponse(
            responseCode = "429",
            description = "Too many look-ups from the caller's address this minute",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Refusal.class)))
    ResponseEntity<?> state(@PathVariable String ods, HttpServletRequest request) {
        if (!limits.mayLookUp(request.getRemoteAddr())) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_SITE)
                    .header("Retry-After", Long.toString(FrontDoorLimits.LOOKUP_WINDOW.toSeconds()))
                    .body(new Refusal("Too many look-ups from your address: try again in "
                            + FrontDoorLimits.waitWords(FrontDoorLimits.LOOKUP_WINDOW)));
        }
        Optional<FrontDoors.Served> served = frontDoors.served(ods);
        if (served.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_SITE)
                    .body(new Refusal("No practice with that code runs its front door through GP Action"));
        }
        Optional<String> notOpen = frontDoors.notOpenToday(served.get().practice());
        if (notOpen.isPresent()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND)
                    .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_SITE)
                    .body(new Refusal(served.get().practice().odsCode() + " " + notOpen.get()
                            + ", so its front door takes no requests"));
        }
        DayViews.FrontDoor door =
                views.frontDoor(served.get().practice(), served.get().setup());
        // Open as the page is: it shows its form with room, and full at a practice that stays open too, for the
        // waiting list. takesRequests says the same, for the websites that read it by that name.
        boolean open = door.takesRequests();
        return ResponseEntity.ok()
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ANY_SITE)
                .header("Cache-Control", "no-store")
                .body(new State(
                        open,
                        door.full(),
                        open,
                        door.whenFull(),
                        door.reopensAt(),
                        "/p/" + served.get().practice().odsCode()));
    }
}
