package org.gpaction.ballots.replacement;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Asking for a replacement voting link from another client. It covers every open ballot whose roll the member is
 * on; the answer is the same whether or not the details matched anyone.
 */
@RestController
@JsonApi
class ReplacementApiController {

    static final String ANSWER = "If these details match a member on the roll of an open ballot, we will email the "
            + "registered address. Any new link replaces the old one, which stops working. The scrutineer will check "
            + "your details first if you gave a different address, or if someone other than you changed your "
            + "registered address after your first link for that ballot was sent. While many requests are coming "
            + "from your network at once, one for a different address is not taken: ask for the registered address, "
            + "or ask again later or from another connection.";

    /** The answer to the same details sent again within the repeat window, whoever they name. */
    static final String ASKED_JUST_NOW = "You asked with these details a moment ago. If they match a member on the roll"
            + " of an open ballot, we have just sent a link: check your inbox, and your spam folder, before asking again."
            + " Nothing more was sent: a newer link would stop the one just sent from working.";

    /**
     * A membership number, a GMC number and an email address at their longest, every character sent as a JSON escape,
     * fit with room to spare: anyone may send this, so no one can make the server hold more.
     */
    static final int MAX_BODY = 4 * 1024;

    record ReplacementRequest(String membershipNumber, String gmcNumber, String email) {
        @Override
        public String toString() {
            return "ReplacementRequest[details hidden]";
        }
    }

    /** The answer to every request taken, for the API's description: its body is always this message. */
    record ReplacementAnswer(String message) {}

    private final ReplacementIntake intake;

    ReplacementApiController(ReplacementIntake intake) {
        this.intake = intake;
    }

    @PostMapping("/api/ballots/replacement-requests")
    @Operation(
            summary = "Ask for a replacement voting link",
            description = "The answer is the same whether or not the details matched anyone.",
            responses = {
                @ApiResponse(
                        responseCode = "202",
                        description = "Taken, whoever the details name and however many requests came from the"
                                + " network address: if they match, a new link is emailed to the registered address (one"
                                + " asked for elsewhere waits for a scrutineer's check, and past the address's limit is"
                                + " dropped); the same details sent again within the repeat window (2 minutes by default)"
                                + " send nothing more, and the message says so",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = ReplacementAnswer.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing, or a field the request does not take was sent; each is"
                                + " named and nothing is sent")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ReplacementRequest.class)))
    ResponseEntity<?> request(HttpServletRequest http) {
        ReplacementRequest request = JsonBodies.readExactly(
                http, ReplacementRequest.class, MAX_BODY, Map.of("gmc", "gmcNumber", "membership", "membershipNumber"));
        ReplacementIntake.Taken taken;
        try {
            taken = intake.request(
                    new ReplacementRequestCommand(request.membershipNumber(), request.gmcNumber(), request.email()),
                    http.getRemoteAddr());
        } catch (InvalidReplacement e) {
            return ResponseEntity.badRequest()
                    .body(new InvalidRequest(
                                    "Some fields need fixing",
                                    e.problems().entrySet().stream()
                                            .map(problem ->
                                                    Map.of("field", problem.getKey(), "message", problem.getValue()))
                                            .toList())
                            .toProblem());
        }
        String message = taken == ReplacementIntake.Taken.ASKED_JUST_NOW ? ASKED_JUST_NOW : ANSWER;
        return ResponseEntity.accepted().header("Cache-Control", "no-store").body(Map.of("message", message));
    }
}
