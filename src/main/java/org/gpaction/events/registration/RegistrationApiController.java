package org.gpaction.events.registration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Public registration through the API: the same 202 whatever happened, the outcome goes to the mailbox only. */
@RestController
@JsonApi
class RegistrationApiController {

    static final int MAX_BODY = 4 * 1024;

    record RegistrationRequest(String name, String email, String role, String practice) {}

    private final Registering registering;

    RegistrationApiController(Registering registering) {
        this.registering = registering;
    }

    @PostMapping("/api/events/{id}/registrations")
    @Operation(
            summary = "Ask for a place at an event",
            description = "Anyone may ask. The answer is 202 whether the address is new, already registered or"
                    + " already holds a place; an email to the address says which, and a new registration holds a"
                    + " place (or a turn on the waiting list) only once its single-use link is used. role is one of"
                    + " GP_PARTNER, SALARIED_GP, LOCUM_GP, GP_REGISTRAR, PRACTICE_MANAGER, NURSE, PHARMACIST,"
                    + " RECEPTION, ADMINISTRATION, OTHER; practice is an optional ODS code. 404 when the event is"
                    + " not open to registration; 429 (a problem document, with Retry-After) after too many"
                    + " registrations from one address.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RegistrationRequest.class)))
    ResponseEntity<?> register(@PathVariable long id, HttpServletRequest request) {
        RegistrationRequest body = JsonBodies.read(request, RegistrationRequest.class, MAX_BODY);
        try {
            registering.register(
                    id,
                    new RegistrationDetails(
                            body.name(), body.email(), RegistrationRules.role(body.role()), body.practice()),
                    request.getRemoteAddr());
        } catch (Registering.EventClosed e) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "There is no event " + id + " open to registration");
        } catch (Registering.TooManyRequests e) {
            String detail = "Too many registrations from this address: try again later";
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
            // The message it answered before it was a problem document, kept for clients that read it.
            problem.setProperty("message", detail);
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, "3600")
                    .body(problem);
        }
        return ResponseEntity.accepted()
                .body(Map.of(
                        "message", "Check the mailbox of the address given: the email there says what happens next."));
    }
}
