package org.gpaction.ballots.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.gpaction.ballots.internal.Casting;
import org.gpaction.ballots.internal.VoteRefused;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Casting a vote from another client: the token is the voter's capability; there is no sign-in. */
@RestController
@JsonApi
class VoteApiController {

    public record VoteRequest(String token, String choice) {
        @Override
        public String toString() {
            return "VoteRequest[choice hidden]";
        }
    }

    private final Casting casting;
    private final VoteThrottle throttle;

    VoteApiController(Casting casting, VoteThrottle throttle) {
        this.casting = casting;
        this.throttle = throttle;
    }

    /**
     * The receipt is written straight out rather than through content negotiation and a converter: on ballot day
     * this is the busiest request there is, and a receipt is letters, digits and hyphens that need no escaping.
     */
    @PostMapping("/api/vote")
    @ApiResponse(
            responseCode = "201",
            description = "Counted",
            content = @Content(schema = @Schema(example = "{\"receipt\":\"ABCD-EFGH-JKLM\"}")))
    ResponseEntity<?> vote(@RequestBody VoteRequest request, HttpServletRequest http, HttpServletResponse response)
            throws IOException {
        try {
            Casting.Receipt receipt = casting.cast(request.token(), request.choice());
            response.setStatus(HttpServletResponse.SC_CREATED);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            response.getOutputStream()
                    .write(("{\"receipt\":\"" + receipt.code() + "\"}").getBytes(StandardCharsets.US_ASCII));
            return null;
        } catch (VoteRefused refused) {
            return switch (refused.reason()) {
                case UNKNOWN_LINK -> unknownLink(http.getRemoteAddr());
                case ALREADY_USED -> problem(HttpStatus.CONFLICT, "This link has already been used to vote");
                case REPLACED -> problem(HttpStatus.GONE, "This link was replaced by a newer one");
                case NOT_OPEN_YET ->
                    problem(
                            HttpStatus.FORBIDDEN,
                            "Voting opens at " + UkTime.format(refused.ballot().opensAt()) + " (UK time)");
                case CLOSED ->
                    problem(
                            HttpStatus.FORBIDDEN,
                            "Voting closed at " + UkTime.format(refused.ballot().closesAt()) + " (UK time)");
                case INVALID_CHOICE ->
                    problem(
                            HttpStatus.BAD_REQUEST,
                            "choice must be one of "
                                    + String.join(", ", refused.ballot().options()));
            };
        }
    }

    /**
     * Only unknown links count against an address: checking on every vote would cost each voter a query, and a
     * valid 256-bit link cannot be come across by guessing.
     */
    private ResponseEntity<ProblemDetail> unknownLink(String address) {
        if (throttle.paused(address)) {
            return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many unknown links from this address; try later");
        }
        throttle.failed(address);
        return problem(HttpStatus.NOT_FOUND, "This voting link is not known");
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
