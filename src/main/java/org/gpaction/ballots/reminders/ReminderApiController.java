package org.gpaction.ballots.reminders;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.List;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reminders through the API: administrators send them; scrutineers may see what was sent. */
@RestController
@JsonApi
class ReminderApiController {

    private final RemindersByHand byHand;
    private final ReminderHistory history;

    ReminderApiController(RemindersByHand byHand, ReminderHistory history) {
        this.byHand = byHand;
        this.history = history;
    }

    @PostMapping("/api/ballots/{id}/reminders")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Send a round of reminders to the members of an open ballot's roll who have not voted",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Sent; the round says how many",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = Round.class))),
                @ApiResponse(responseCode = "403", description = "Not an administrator"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(
                        responseCode = "409",
                        description =
                                "The ballot is not open, or a round went less than ten minutes ago (the detail says"
                                        + " when it went and when another may be sent)")
            })
    ResponseEntity<Round> send(@PathVariable long id, Authentication staff) {
        Round round = byHand.send(id, staff.getName());
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/reminders"))
                .body(round);
    }

    @GetMapping("/api/ballots/{id}/reminders")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "A ballot's rounds of reminders and scheduled points, newest first",
            description = "Each says what became of it: outcome SENT (sent says to how many), SKIPPED for the round"
                    + " sent by hand at skippedForRoundAt, or SUPERSEDED by a later scheduled point; summary says"
                    + " it in words, times on the UK clock")
    List<Round> rounds(@PathVariable long id) {
        return history.rounds(id);
    }

    @GetMapping("/api/ballots/{id}/reminders/upcoming")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    @Operation(
            summary = "A ballot's scheduled reminder points still to come, the next first",
            description = "By GPACTION_BALLOTS_REMINDERS_DAYSBEFORECLOSE, for a ballot scheduled or open: each point"
                    + " after now and after the opening, with daysBeforeClose, at (when it will go) and summary (in"
                    + " words, on the UK clock). Once its time has come, the sender's next look lists it in"
                    + " GET /api/ballots/{id}/reminders with what became of it. Empty when no points are set.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The points still to come"),
                @ApiResponse(responseCode = "404", description = "No such ballot")
            })
    List<UpcomingPoint> upcoming(@PathVariable long id) {
        return history.upcoming(id);
    }

    @ExceptionHandler(ReminderRefused.class)
    ProblemDetail notOpen(ReminderRefused e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
