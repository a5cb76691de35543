package org.gpaction.ballots.ballot;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.ballots.ballot.BallotApiController.BallotRequest;
import org.gpaction.ballots.ballot.BallotApiController.BallotView;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.membership.RuleSet;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changing a draft, deleting it, unscheduling a ballot before it opens, and how many members a draft's rule set
 * would put on the roll today. The role is checked before a body is read: the handler reads the body itself.
 */
@RestController
@JsonApi
@RequestMapping("/api/ballots")
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class DraftApiController {

    static final int MAX_BODY = 64 * 1024;

    record RollPreview(
            long ballotId,
            RuleSet ruleSet,
            Instant at,

            @Schema(
                    description = "Members the roll would hold and send a link, eligible by the union's record;"
                            + " members eligible only by a role they declared themselves are not counted here")
            long eligible,

            @Schema(
                    description = "Members eligible only by a role they declared themselves (on joining or at"
                            + " /my-details), whom the roll would hold for the scrutineer's check instead of"
                            + " sending a link")
            long waitingForCheck) {}

    private final BallotAdministration administration;
    private final RollKeeper rolls;
    private final LeftShut leftShut;
    private final Clock clock;

    DraftApiController(BallotAdministration administration, RollKeeper rolls, LeftShut leftShut, Clock clock) {
        this.administration = administration;
        this.rolls = rolls;
        this.leftShut = leftShut;
        this.clock = clock;
    }

    @PutMapping("/{id}")
    @Operation(
            summary = "Change a draft ballot",
            description = "Replaces every setting of a DRAFT, checked as when it was created; the change goes in the"
                    + " ballot log. Instants in ISO-8601, as for POST /api/ballots. With If-Match, only if the draft"
                    + " is still the version that ETag names (GET /api/ballots/{id} gives it), so a change made on an"
                    + " older version never undoes a later one unseen; If-Match: * changes any version, as does a"
                    + " request without the header.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "Changed; its ETag names the version the change made, for the next If-Match",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"4\""),
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = BallotView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing, a field the request does not take was sent (what GET"
                                + " answers besides the settings is passed over), or If-Match is not one ETag or *;"
                                + " each is named"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(responseCode = "409", description = "Not a draft: scheduled, open, closed or published"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BallotRequest.class)))
    ResponseEntity<BallotView> edit(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff,
            HttpServletRequest request) {
        DraftVersion.Expected expected = DraftETags.expected(ifMatch);
        BallotRequest body = JsonBodies.readExactly(request, BallotRequest.class, MAX_BODY, Map.of());
        CreateBallotCommand command = new CreateBallotCommand(
                body.title(),
                body.question(),
                body.options(),
                body.ruleSet(),
                body.opensAt(),
                body.closesAt(),
                body.rollCutoff(),
                body.scrutineerName(),
                body.senderAddress());
        BallotAdministration.Versioned edited = administration.edit(id, command, staff.getName(), expected);
        return ResponseEntity.ok().eTag(DraftETags.of(edited.version())).body(BallotView.of(edited.ballot()));
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Delete a draft ballot",
            description = "With If-Match, only if the draft is still the version that ETag names (GET"
                    + " /api/ballots/{id} gives it), so nobody deletes a draft changed after they looked at it;"
                    + " If-Match: * deletes any version, as does a request without the header.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(responseCode = "204", description = "Deleted"),
                @ApiResponse(responseCode = "400", description = "If-Match is not one ETag or *"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(responseCode = "409", description = "Not a draft"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    ResponseEntity<Void> delete(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff) {
        administration.delete(id, staff.getName(), DraftETags.expected(ifMatch));
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/unschedule")
    @Operation(
            summary = "Return a scheduled ballot to draft before it opens",
            description = "Recorded in the ballot log. Refused once the opening time has passed, even if the clock"
                    + " has not yet opened it. Unscheduling raises the version. With If-Match, only if the ballot is"
                    + " still the version that ETag names (GET /api/ballots/{id} gives it), so nobody unschedules a"
                    + " ballot unscheduled, changed and scheduled again after they looked at it; If-Match: *"
                    + " unschedules any version, as does a request without the header.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "A draft again; its ETag names the version the unscheduling made, for the next"
                                + " If-Match",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"4\""),
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = BallotView.class))),
                @ApiResponse(responseCode = "400", description = "If-Match is not one ETag or *"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(responseCode = "409", description = "Not scheduled, or voting has opened"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    ResponseEntity<BallotView> unschedule(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff) {
        BallotAdministration.Versioned unscheduled =
                administration.unschedule(id, staff.getName(), DraftETags.expected(ifMatch));
        return ResponseEntity.ok().eTag(DraftETags.of(unscheduled.version())).body(BallotView.of(unscheduled.ballot()));
    }

    @GetMapping("/{id}/roll-preview")
    @Operation(
            summary = "How many members a draft's rule set would put on the roll now",
            description = "By the eligibility rules the roll uses, judged now; the real roll is made when voting"
                    + " opens. Members eligible only by a role they declared themselves are counted apart"
                    + " (waitingForCheck): the roll holds them for the scrutineer's check.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The count"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(
                        responseCode = "409",
                        description = "Not a draft: scheduled (its roll is made when it opens; one the clock left"
                                + " shut must be unscheduled first, and is then a draft), or open or closed (its roll"
                                + " is made or being made; see its turnout)")
            })
    RollPreview rollPreview(@PathVariable long id) {
        Ballot ballot = administration.find(id);
        Instant now = clock.instant();
        Optional<String> shut = leftShut.why(ballot, now);
        if (shut.isPresent()) {
            throw new BallotNotChangeable("A roll preview is for drafts; this ballot is SCHEDULED. " + shut.get()
                    + ". Once unscheduled it is a draft, and has a roll preview");
        }
        if (ballot.status() == BallotStatus.SCHEDULED) {
            // Its roll is not made yet, so it has no turnout to see instead.
            throw new BallotNotChangeable("A roll preview is for drafts; this ballot is SCHEDULED: its roll is made"
                    + " when it opens"
                    + (ballot.opensAt().isAfter(now)
                            ? " (by itself " + UkTime.onOrAt(ballot.opensAt()) + ", UK time)"
                            : "")
                    + ", and its turnout then says how many are on it");
        }
        if (ballot.status() != BallotStatus.DRAFT) {
            throw new BallotNotChangeable(
                    "A roll preview is for drafts; this ballot is " + ballot.status() + ": see its turnout");
        }
        RollKeeper.RollCount count = rolls.countEligible(ballot.ruleSet(), now);
        return new RollPreview(id, ballot.ruleSet(), now, count.eligible(), count.waitingForCheck());
    }

    @ExceptionHandler(InvalidBallot.class)
    ProblemDetail invalid(InvalidBallot e) {
        return BallotApiController.problem(e);
    }

    @ExceptionHandler(DraftVersion.ChangedMeanwhile.class)
    ResponseEntity<ProblemDetail> changedMeanwhile(DraftVersion.ChangedMeanwhile e) {
        return DraftETags.changedMeanwhile(e, administration.find(e.current().ballotId()));
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ProblemDetail notChangeable(BallotNotChangeable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
