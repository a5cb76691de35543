package org.gpaction.capacity.routing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.practices.Practice;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A day's waiting list, and booking a patient from it, for practice staff and their systems. */
@RestController
@JsonApi
class WaitingListApiController {

    record BookingRequest(Long clinician) {}

    @Schema(
            name = "WaitingList",
            requiredProperties = {"day", "carriedFrom", "requests", "carried"})
    record Answer(
            LocalDate day,

            @Schema(
                    description = "The first day whose requests still waiting are carried onto this list: the"
                            + " first of the " + WaitingListForDay.WORKING_DAYS + " working days before it"
                            + " (at most 31 days back); the day itself when none is. Older ones are not"
                            + " carried and stay only on their own day's list; one that today's list no longer"
                            + " carries is not booked from the waiting list (409)")
            LocalDate carriedFrom,

            @Schema(
                    description = "The requests put on this day's list, in the order they came; each is on one"
                            + " day's list only, so counting them day by day counts each once")
            List<Waiting> requests,

            @Schema(
                    description = "The requests put on the lists of the days from carriedFrom to the day before"
                            + " that were still waiting on this day (not booked before it, nor undone), oldest"
                            + " day first, each day's in the order they came; each is also on its own day's"
                            + " requests, so not to be counted again")
            List<Waiting> carried) {}

    @Schema(
            name = "WaitingListRequest",
            requiredProperties = {"id", "receivedAt", "channel", "kind", "forDay"})
    record Waiting(
            long id,
            Instant receivedAt,
            Channel channel,
            RequestKind kind,

            @Schema(description = "The day whose waiting list it was put on; before the list's day when carried")
            LocalDate forDay,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "The booking that served it; absent while it still waits")
            ServedBy servedBy) {}

    @Schema(
            name = "WaitingListServedBy",
            requiredProperties = {"id", "at"})
    record ServedBy(
            long id,
            Instant at,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Absent when not counted")
            ContactAnswer.BookedWith clinician,

            @JsonInclude(JsonInclude.Include.NON_NULL) Integer contactNumber) {}

    /** As a booking answers ({@code ContactBooked}), with the request on the waiting list it served. */
    @Schema(
            name = "WaitingListBooked",
            requiredProperties = {"id", "outcome", "servedFrom"})
    record Booked(
            long id,
            @Schema(allowableValues = "BOOKED") Outcome outcome,

            @Schema(description = "The request on the waiting list this booking served")
            long servedFrom,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "Absent when not counted")
            ContactAnswer.BookedWith clinician,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "This contact's number in the clinician's day; absent when not counted")
            Integer contactNumber,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "The clinician's cap that day; absent when not counted")
            Integer cap,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Present, and false, only when the booking counts against no cap")
            Boolean counted) {}

    private final CapacityAccess access;
    private final WaitingListForDay waitingList;
    private final WaitingListBookings bookings;
    private final DayViews views;

    WaitingListApiController(
            CapacityAccess access, WaitingListForDay waitingList, WaitingListBookings bookings, DayViews views) {
        this.access = access;
        this.waitingList = waitingList;
        this.bookings = bookings;
        this.views = views;
    }

    @GetMapping("/api/practices/{ods}/waiting-list")
    @ApiResponse(
            responseCode = "200",
            description = "The day's waiting list",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class)))
    @ApiResponse(
            responseCode = "400",
            description = "The day is not a date as yyyy-mm-dd from 2000-01-01 to 2099-12-31")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's own staff or an administrator")
    @ApiResponse(responseCode = "404", description = "No practice by that code you can see")
    Answer waitingList(
            @PathVariable String ods,
            @io.swagger.v3.oas.annotations.Parameter(
                            description = "The day whose list it is (yyyy-mm-dd); today if left out")
                    @RequestParam(required = false)
                    String day,
            @AuthenticationPrincipal StaffPrincipal staff) {
        Practice practice = access.toRead(staff, ods);
        LocalDate on = day == null || day.isBlank()
                ? PracticeCalendar.dayOf(views.now())
                : ContactsApiController.date("day", day);
        WaitingListForDay.Listed listed = waitingList.read(practice.odsCode(), on);
        return new Answer(
                on,
                listed.carriedFrom(),
                listed.entries().stream()
                        .filter(r -> !r.carriedTo(on))
                        .map(WaitingListApiController::waiting)
                        .toList(),
                listed.entries().stream()
                        .filter(r -> r.carriedTo(on))
                        .map(WaitingListApiController::waiting)
                        .toList());
    }

    /**
     * Books the patient of a request on the waiting list for today, with the clinician asked for if they have room or
     * whoever has most room: once only, within the caps as any booking is, and counted as the waiting list served.
     */
    @PostMapping("/api/practices/{ods}/waiting-list/{id}/booking")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            description = "{} to book whoever has most room",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BookingRequest.class)))
    @ApiResponse(
            responseCode = "201",
            description = "Booked",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Booked.class)))
    @ApiResponse(
            responseCode = "400",
            description = "A field to fix, named, or a field the body does not take; nothing is booked")
    @ApiResponse(responseCode = "403", description = "Not one of the practice's own staff or an administrator")
    @ApiResponse(
            responseCode = "404",
            description = "No practice by that code you can see, or no such request on the practice's waiting list")
    @ApiResponse(
            responseCode = "409",
            description =
                    "Already booked from the waiting list, undone, put on the list of a day before the first of the "
                            + WaitingListForDay.WORKING_DAYS + " working days before today (no longer carried), no"
                            + " room today, outside core hours, or the practice is not open today by the practice"
                            + " directory")
    ResponseEntity<Booked> book(
            @PathVariable String ods,
            @PathVariable long id,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletRequest http) {
        Practice practice = access.toRecord(staff, ods);
        BookingRequest body = JsonBodies.readExactly(
                http, BookingRequest.class, ContactsApiController.MAX_BODY, ContactsApiController.CLINICIAN_INSTEAD);
        WaitingListBookings.Served served = bookings.book(practice, id, body.clinician(), staff.email(), views.now());
        ClinicianLoad clinician = served.clinician();
        Booked answer = clinician == null
                ? new Booked(served.id(), Outcome.BOOKED, served.servedFrom(), null, null, null, false)
                : new Booked(
                        served.id(),
                        Outcome.BOOKED,
                        served.servedFrom(),
                        new ContactAnswer.BookedWith(clinician.id(), clinician.label()),
                        served.contactNumber(),
                        clinician.cap(),
                        null);
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    private static Waiting waiting(WaitingList.Entry entry) {
        WaitingList.Served served = entry.served();
        return new Waiting(
                entry.id(),
                entry.receivedAt(),
                entry.channel(),
                entry.kind(),
                entry.waitlistedFor(),
                served == null
                        ? null
                        : new ServedBy(
                                served.bookingId(),
                                served.at(),
                                served.clinicianId() == null
                                        ? null
                                        : new ContactAnswer.BookedWith(served.clinicianId(), served.clinician()),
                                served.contactNumber()));
    }
}
