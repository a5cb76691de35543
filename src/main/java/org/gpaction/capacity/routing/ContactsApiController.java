package org.gpaction.capacity.routing;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Requests undone or withdrawn, the day's capacity, one day's caps and the front-door pause, for practice staff.
 * Recording a request is {@link ContactsEndpoint}, the busiest request of all.
 */
@RestController
@JsonApi
class ContactsApiController {

    static final int MAX_BODY = 16 * 1024;

    record ContactRequest(String channel, String kind, Long clinician) {}

    /** A clinician is asked for by their id as {@code clinician}; the answers name theirs as {@code clinician.id}. */
    static final Map<String, String> CLINICIAN_INSTEAD = Map.of("clinicianId", "clinician");

    record DayChange(Long id, Integer cap) {}

    record DayChangeRequest(List<DayChange> clinicians) {}

    record PauseRequest(String until, String reason) {}

    @Schema(
            name = "CapacityDayChanged",
            requiredProperties = {"day", "clinicians"})
    record DayChanged(LocalDate day, List<CapChanged> clinicians) {}

    @Schema(
            name = "CapacityCapChanged",
            requiredProperties = {"id", "requestedCap", "cap"})
    record CapChanged(
            long id,
            int requestedCap,

            @Schema(description = "The cap set: never below the contacts already booked that day")
            int cap) {}

    @Schema(
            name = "FrontDoorPause",
            requiredProperties = {"from", "until", "reason"})
    record Paused(Instant from, Instant until, String reason) {}

    private final CapacityAccess access;
    private final Routing routing;
    private final DayCorrections corrections;
    private final DayViews views;
    private final PracticeSetups setups;
    private final CapLimits limits;
    private final Suspensions suspensions;

    ContactsApiController(
            CapacityAccess access,
            Routing routing,
            DayCorrections corrections,
            DayViews views,
            PracticeSetups setups,
            CapLimits limits,
            Suspensions suspensions) {
        this.access = access;
        this.routing = routing;
        this.corrections = corrections;
        this.views = views;
        this.setups = setups;
        this.limits = limits;
        this.suspensions = suspensions;
    }

    @DeleteMapping("/api/practices/{ods}/contacts/{id}")
    @ApiResponse(responseCode = "204", description = "Undone: a booked clinician has the contact back")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's own staff or an administrator")
    @ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or no such request at the practice")
    @ApiResponse(
            responseCode = "409",
            description =
                    "Already undone, recorded more than 2 minutes ago, booked from the waiting list since, sent by"
                            + " a patient through the online front door (withdraw it instead if it is not genuine), or"
                            + " the practice is not open today by the directory (closed, dormant or only proposed),"
                            + " so no requests are recorded or undone")
    ResponseEntity<Void> undo(
            @PathVariable String ods, @PathVariable long id, @AuthenticationPrincipal StaffPrincipal staff) {
        // Taking a request back changes the counts as recording one does, so it follows the same rule.
        Practice practice = access.toRecord(staff, ods);
        corrections.undo(practice, id, views.now(), staff.email());
        return ResponseEntity.noContent().build();
    }

    /**
     * A request sent through the online front door that staff judge not genuine, withdrawn: as an undo, with no
     * two-minute window ({@link DayCorrections#withdraw}).
     */
    @PostMapping("/api/practices/{ods}/contacts/{id}/withdrawal")
    @ApiResponse(
            responseCode = "204",
            description = "Withdrawn as not genuine: a booked clinician has the contact back, a place on the waiting"
                    + " list is given up, the evidence no longer counts it, and the set-up log says who withdrew it"
                    + " and when")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's own staff or an administrator")
    @ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or no such request at the practice")
    @ApiResponse(
            responseCode = "409",
            description = "Already withdrawn, recorded by the practice rather than sent through the online front door"
                    + " (undo it instead), booked or signposted on a day before today, booked from the waiting list"
                    + " since, put on the list of a day before the first of the " + WaitingListForDay.WORKING_DAYS
                    + " working days before today (no longer carried), or the practice is not open today by the"
                    + " directory (closed, dormant or only proposed)")
    ResponseEntity<Void> withdraw(
            @PathVariable String ods, @PathVariable long id, @AuthenticationPrincipal StaffPrincipal staff) {
        // Withdrawing a request changes the counts as recording one does, so it follows the same rule.
        Practice practice = access.toRecord(staff, ods);
        corrections.withdraw(practice, id, views.now(), staff.email());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/practices/{ods}/capacity")
    @ApiResponse(
            responseCode = "200",
            description = "The practice's day",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DayAnswer.class)))
    @ApiResponse(
            responseCode = "400",
            description = "The day is not a date as yyyy-mm-dd from 2000-01-01 to 2099-12-31")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's own staff or an administrator")
    @ApiResponse(responseCode = "404", description = "No practice by that code you can see")
    @ApiResponse(responseCode = "409", description = "The practice's safe working is not set up")
    DayAnswer capacity(
            @PathVariable String ods,
            @RequestParam(required = false) String day,
            @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toRead(staff, ods);
        LocalDate on = day == null || day.isBlank() ? PracticeCalendar.dayOf(views.now()) : date("day", day);
        return DayAnswer.of(views.day(practice, routing.setupOf(practice.odsCode()), on));
    }

    /** One day's caps: a clinician off sick at 10:00 gets cap 0 and keeps what is booked; a locum can be added. */
    @PutMapping("/api/practices/{ods}/capacity/days/{day}")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = DayChangeRequest.class)))
    @ApiResponse(
            responseCode = "200",
            description = "The caps set for the day",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DayChanged.class)))
    @ApiResponse(
            responseCode = "400",
            description = "A field to fix, named: a clinician not the practice's or listed twice, a cap out of range"
                    + " (0 to action 1's daily contact limit on the menu in force, the message naming it and the"
                    + " version: 25 as shipped),"
                    + " a day passed, too far ahead or one the practice does not work, or a field the body does not"
                    + " take; nothing is changed")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's managers or an administrator")
    @ApiResponse(responseCode = "404", description = "No practice by that code you can see")
    @ApiResponse(
            responseCode = "409",
            description = "The practice's safe working is not set up, so it has no clinicians whose caps could change")
    DayChanged changeDay(
            @PathVariable String ods,
            @PathVariable String day,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletRequest http) {
        Practice practice = access.toManage(staff, ods);
        LocalDate on = date("day", day);
        DayChangeRequest body = JsonBodies.readExactly(http, DayChangeRequest.class, MAX_BODY, Map.of());
        // With no set-up there is no clinician whose id could be given: what to fix is the set-up, not the request.
        routing.setupOf(practice.odsCode());
        Map<Long, String> known = new HashMap<>();
        setups.clinicians(practice.odsCode()).forEach(c -> known.put(c.id(), c.label()));
        List<Map<String, String>> errors = new ArrayList<>();
        List<DayChange> changes = body.clinicians() == null ? List.of() : body.clinicians();
        if (changes.isEmpty()) {
            errors.add(Map.of("field", "clinicians", "message", "List the clinicians whose cap changes that day"));
        }
        Set<Long> listed = new HashSet<>();
        // Today is read once: the day's checks below and the limit must agree across midnight. The menu in force today
        // is the one in force on any day a cap may be changed for: today or one to come.
        LocalDate today = PracticeCalendar.dayOf(views.now());
        CapLimit limit = limits.on(today);
        for (int i = 0; i < changes.size(); i++) {
            DayChange change = changes.get(i);
            if (change == null || change.id() == null || !known.containsKey(change.id())) {
                errors.add(Map.of(
                        "field",
                        "clinicians[" + i + "].id",
                        "message",
                        "Give the id of one of " + practice.odsCode() + "'s clinicians"));
            } else if (!listed.add(change.id())) {
                // Applied twice, the last would win and both would be logged: which cap was meant is not known.
                errors.add(Map.of(
                        "field",
                        "clinicians[" + i + "].id",
                        "message",
                        known.get(change.id()) + " (id " + change.id() + ") is listed more than once: give each"
                                + " clinician's cap for the day once"));
            } else if (!DayCapRules.isAllowedCap(change.cap(), limit)) {
                errors.add(Map.of("field", "clinicians[" + i + "].cap", "message", DayCapRules.capRange(limit)));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequest(errors.get(0).get("message"), errors);
        }
        if (!DayCapRules.mayChange(on, today)) {
            throw InvalidRequest.field("day", DayCapRules.DAY_PASSED);
        }
        if (DayCapRules.isTooFarAhead(on, today)) {
            throw InvalidRequest.field("day", DayCapRules.tooFarAhead(today));
        }
        corrections.notWorked(practice, on).ifPresent(why -> {
            throw InvalidRequest.field("day", why);
        });
        List<CapChanged> changed = corrections.changeDay(practice, on, today, changes, staff.email()).stream()
                .map(c -> new CapChanged(c.id(), c.asked(), c.cap()))
                .toList();
        return new DayChanged(on, changed);
    }

    @PostMapping("/api/practices/{ods}/front-door/pause")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = PauseRequest.class)))
    @ApiResponse(
            responseCode = "201",
            description = "Paused from now until the time given. A pause in force is replaced by this one: it ends"
                    + " now, and the set-up log says it was replaced, by whom, when and by which pause",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Paused.class)))
    @ApiResponse(
            responseCode = "400",
            description = "A field to fix, named: until, the reason, or a field the body does not take; nothing is"
                    + " paused")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's managers or an administrator")
    @ApiResponse(responseCode = "404", description = "No practice by that code you can see")
    ResponseEntity<Paused> pause(
            @PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff, HttpServletRequest http) {
        Practice practice = access.toManage(staff, ods);
        PauseRequest body = JsonBodies.readExactly(http, PauseRequest.class, MAX_BODY, Map.of());
        Instant until;
        try {
            until = Instant.parse(body.until() == null ? "" : body.until().strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field("until", "Give until as an ISO-8601 instant, for example 2025-03-03T08:00:00Z");
        }
        Suspensions.Suspension paused = suspensions.suspend(practice.odsCode(), until, body.reason(), staff.email());
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new Paused(paused.startsAt(), paused.endsAt(), paused.reason()));
    }

    @DeleteMapping("/api/practices/{ods}/front-door/pause")
    @ApiResponse(responseCode = "204", description = "The pause is lifted")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's managers or an administrator")
    @ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or its online requests are not paused (never, lifted"
                    + " already or ended): nothing is lifted or logged")
    ResponseEntity<Void> lift(@PathVariable String ods, @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toManage(staff, ods);
        // As the set-up page says: a script lifting a pause that ended or another manager lifted is told so.
        if (!suspensions.lift(practice.odsCode(), staff.email())) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "Online requests at " + practice.odsCode() + " were not paused, so there is no pause to lift");
        }
        return ResponseEntity.noContent().build();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidRequest.field(field, field + " must be one of " + List.of(type.getEnumConstants()));
        }
    }

    static LocalDate date(String field, String value) {
        return CapacityDates.day(field, value);
    }
}
