package org.gpaction.ballots.reminders;

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

    private final Reminders reminders;

    ReminderApiController(Reminders reminders) {
        this.reminders = reminders;
    }

    @PostMapping("/api/ballots/{id}/reminders")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Reminders.Round> send(@PathVariable long id, Authentication staff) {
        Reminders.Round round = reminders.send(id, staff.getName());
        return ResponseEntity.created(URI.create("/api/ballots/" + id + "/reminders"))
                .body(round);
    }

    @GetMapping("/api/ballots/{id}/reminders")
    @PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
    List<Reminders.Round> rounds(@PathVariable long id) {
        return reminders.rounds(id);
    }

    @ExceptionHandler(ReminderRefused.class)
    ProblemDetail notOpen(ReminderRefused e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
