package org.gpaction.events.registration;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.TooManyRequestsProblem;
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

    @Schema(name = "RegistrationAccepted", requiredProperties = "message")
    record Accepted(
            @Schema(description = "What to do next: read the email sent to the address")
            String message) {}

    /** The shape of the problem documents this answers with, for the OpenAPI document only. */
    @Schema(name = "RegistrationProblem", description = "A problem document (RFC 9457)")
    record Problem(
            String type,
            String title,
            int status,
            String detail,
            String instance,

            @Schema(description = "The same as detail, as answered before it was a problem document (429 only)")
            String message,

            @Schema(description = "Each field to fix, with field and message (400 only)")
            List<Map<String, String>> errors) {}

    static final String UNKNOWN_ROLE =
            "role is one of " + Arrays.stream(TeamRole.values()).map(Enum::name).collect(Collectors.joining(", "));

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
                    + " RECEPTION, ADMINISTRATION, OTHER (in any case); practice is an optional ODS code. 400 names each"
                    + " field to fix, and any field sent that the body does not take: nothing is stored and no email"
                    + " sent. 404 when the event is not open to registration; 429 (a problem document, with Retry-After) after too many"
                    + " registrations from one address.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = RegistrationRequest.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Asked: the email sent to the address says what happens next",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    @ApiResponse(
            responseCode = "400",
            description = "A field to fix, named",
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No event with that id open to registration")
    @ApiResponse(
            responseCode = "429",
            description = "Too many registrations from the caller's address",
            headers =
                    @Header(
                            name = HttpHeaders.RETRY_AFTER,
                            description = "Seconds to wait until the address may register again",
                            schema = @Schema(type = "integer")),
            content =
                    @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    ResponseEntity<?> register(@PathVariable long id, HttpServletRequest request) {
        RegistrationRequest body = JsonBodies.readExactly(request, RegistrationRequest.class, MAX_BODY, Map.of());
        try {
            registering.register(
                    id,
                    new RegistrationDetails(
                            body.name(), body.email(), RegistrationRules.role(body.role()), body.practice()),
                    request.getRemoteAddr());
        } catch (InvalidRegistration e) {
            // The page's form offers only the roles there are, and asks to choose one; a client sending another has
            // to be told which it may send.
            throw isUnknownRole(body.role()) ? e.saying("role", UNKNOWN_ROLE) : e;
        } catch (Registering.EventClosed e) {
            throw new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "There is no event " + id + " open to registration");
        } catch (Registering.TooManyRequests e) {
            String detail = "Too many registrations from this address: try again later";
            ResponseEntity<ProblemDetail> refused = TooManyRequestsProblem.of(e.retryAfter(), detail);
            // The message it answered before it was a problem document, kept for clients that read it.
            refused.getBody().setProperty("message", detail);
            return refused;
        }
        return ResponseEntity.accepted()
                .body(new Accepted("Check the mailbox of the address given: the email there says what happens next."));
    }

    private static boolean isUnknownRole(String role) {
        return role != null && !role.isBlank() && RegistrationRules.role(role) == null;
    }
}
