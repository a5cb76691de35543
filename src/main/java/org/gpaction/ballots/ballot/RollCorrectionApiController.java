package org.gpaction.ballots.ballot;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The scrutineer's correction of an open ballot's roll through the API. */
@RestController
@JsonApi
@RequestMapping("/api/ballots")
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class RollCorrectionApiController {

    private final RollKeeper rolls;

    RollCorrectionApiController(RollKeeper rolls) {
        this.rolls = rolls;
    }

    /** A membership number and a reason of up to 1,000 characters, every one sent as a JSON escape, fit. */
    static final int MAX_BODY = 8 * 1024;

    record RollCorrection(String membershipNumber, String reason) {}

    /** The scrutineer's explicit, logged correction of the roll. */
    @PostMapping("/{id}/roll")
    @PreAuthorize("hasRole('SCRUTINEER')")
    @Operation(
            summary = "Add a member to an open ballot's roll, with the reason (the scrutineer)",
            responses = {
                @ApiResponse(responseCode = "204", description = "Added to the roll; the correction is logged"),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing (no such member, already on the roll, the reason,"
                                + " a field the request does not take); each is named and the roll is unchanged"),
                @ApiResponse(responseCode = "403", description = "Not the scrutineer"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(
                        responseCode = "409",
                        description = "The ballot is not open: not yet (a draft or scheduled, whose roll is made"
                                + " when it opens; says what to do instead), left shut by the clock (for want of a"
                                + " trustee's key, or its closing time passed before it opened; it must be unscheduled"
                                + " before it can open), or voting has closed (its closing time has passed, even if"
                                + " the ballot is not yet marked closed; says when)")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RollCorrection.class)))
    ResponseEntity<Void> correctRoll(@PathVariable long id, Authentication staff, HttpServletRequest request) {
        RollCorrection correction = JsonBodies.readExactly(request, RollCorrection.class, MAX_BODY, Map.of());
        rolls.addByScrutineer(id, correction.membershipNumber(), correction.reason(), staff.getName());
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler(InvalidBallot.class)
    ProblemDetail invalid(InvalidBallot e) {
        return BallotApiController.problem(e);
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ProblemDetail notChangeable(BallotNotChangeable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Who may send a correction, decided before its body is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths rollCorrection() {
            return RolePaths.of("POST", List.of("/api/ballots/{id}/roll"), "SCRUTINEER")
                    .refusedWith("Only the scrutineer corrects a ballot's roll");
        }
    }
}
