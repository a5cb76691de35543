package org.gpaction.ballots.ballot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.common.web.RolePaths;
import org.gpaction.membership.RuleSet;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Making, reading and scheduling ballots through the API, for administrators and scrutineers. */
@RestController
@JsonApi
@RequestMapping("/api/ballots")
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class BallotApiController {

    private static final String WHOLE_MINUTE = ", on a whole minute, as ballot times are shown and typed: one with"
            + " seconds is refused, unless a change to a draft sends back unchanged a time the draft has stored (one"
            + " saved before such times were refused may have seconds), which is taken as it is";
    private static final String OPENS = "When voting opens" + WHOLE_MINUTE;
    private static final String CLOSES = "When voting closes" + WHOLE_MINUTE;
    private static final String CUTOFF = "The roll cut-off" + WHOLE_MINUTE;

    /**
     * A ballot's settings as sent. What a GET answers besides them (the ballot's id, its status, and when its roll was
     * frozen and its voters forgotten) is passed over, and a time equal to the one stored is taken even with seconds
     * (as one saved before they were refused has them), so a draft read through the API can be sent back as it was.
     */
    @JsonIgnoreProperties({"id", "status", "rollFrozenAt", "votersForgottenAt"})
    record BallotRequest(
            String title,
            String question,
            List<String> options,
            String ruleSet,
            @Schema(description = OPENS) Instant opensAt,
            @Schema(description = CLOSES) Instant closesAt,
            @Schema(description = CUTOFF) Instant rollCutoff,
            String scrutineerName,
            String senderAddress) {}

    record BallotView(
            long id,
            String title,
            String question,
            List<String> options,
            RuleSet ruleSet,
            @Schema(description = OPENS) Instant opensAt,
            @Schema(description = CLOSES) Instant closesAt,
            @Schema(description = CUTOFF) Instant rollCutoff,
            String scrutineerName,
            String senderAddress,
            BallotStatus status,
            Instant rollFrozenAt,
            Instant votersForgottenAt) {

        static BallotView of(Ballot ballot) {
            return new BallotView(
                    ballot.id(),
                    ballot.title(),
                    ballot.question(),
                    ballot.options(),
                    ballot.ruleSet(),
                    ballot.opensAt(),
                    ballot.closesAt(),
                    ballot.rollCutoff(),
                    ballot.scrutineerName(),
                    ballot.senderAddress(),
                    ballot.status(),
                    ballot.rollFrozenAt(),
                    ballot.votersForgottenAt());
        }
    }

    private final BallotAdministration administration;

    BallotApiController(BallotAdministration administration) {
        this.administration = administration;
    }

    @PostMapping
    @Operation(
            summary = "Make a draft ballot",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Made, as a draft; Location gives its address, and its ETag names the"
                                + " version of its settings, for If-Match when changing it (PUT)",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"1\""),
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = BallotView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Some fields need fixing, or a field the request does not take was sent (what"
                                + " GET answers besides the settings is passed over); each is named"),
                @ApiResponse(responseCode = "403", description = "Not an administrator or scrutineer")
            })
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BallotRequest.class)))
    ResponseEntity<BallotView> create(HttpServletRequest body, Authentication staff) {
        BallotRequest request =
                JsonBodies.readExactly(body, BallotRequest.class, DraftApiController.MAX_BODY, Map.of());
        BallotAdministration.Versioned created = administration.createWithVersion(
                new CreateBallotCommand(
                        request.title(),
                        request.question(),
                        request.options(),
                        request.ruleSet(),
                        request.opensAt(),
                        request.closesAt(),
                        request.rollCutoff(),
                        request.scrutineerName(),
                        request.senderAddress()),
                staff.getName());
        URI address = URI.create("/api/ballots/" + created.ballot().id());
        return ResponseEntity.created(address)
                .eTag(DraftETags.of(created.version()))
                .body(BallotView.of(created.ballot()));
    }

    @GetMapping
    List<BallotView> list() {
        return administration.all().stream().map(BallotView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(
            summary = "A ballot",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The ballot; its ETag names the version of its settings, for If-Match when"
                                + " changing a draft (PUT)",
                        headers = @Header(name = HttpHeaders.ETAG, description = "Such as \"3\""),
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = BallotView.class))),
                @ApiResponse(responseCode = "404", description = "No such ballot")
            })
    ResponseEntity<BallotView> one(@PathVariable long id) {
        // Read before the ballot, so that a change in between makes the ETag older than the body, never newer.
        DraftVersion version = administration.version(id);
        return ResponseEntity.ok().eTag(DraftETags.of(version)).body(BallotView.of(administration.find(id)));
    }

    @PostMapping("/{id}/schedule")
    @Operation(
            summary = "Schedule a draft ballot",
            description = "From then on it opens and closes by itself; recorded in the ballot log. With If-Match, only"
                    + " if the draft is still the version that ETag names (GET /api/ballots/{id} gives it), so"
                    + " nobody schedules settings or trustees' keys they never saw; If-Match: * schedules any"
                    + " version, as does a request without the header.",
            parameters =
                    @Parameter(
                            in = ParameterIn.HEADER,
                            name = HttpHeaders.IF_MATCH,
                            required = false,
                            description = "The ETag GET /api/ballots/{id} gave, such as \"3\", or *"),
            responses = {
                @ApiResponse(responseCode = "200", description = "Scheduled"),
                @ApiResponse(
                        responseCode = "400",
                        description = "Its closing time has passed, its roll cut-off is not before its close, it"
                                + " has no trustee's key or an exposed one, or If-Match is not one ETag or *; each is"
                                + " named"),
                @ApiResponse(responseCode = "404", description = "No such ballot"),
                @ApiResponse(
                        responseCode = "409",
                        description = "Not a draft: scheduled already, open, closed or published"),
                @ApiResponse(responseCode = "412", ref = DraftETags.CHANGED_MEANWHILE)
            })
    BallotView schedule(
            @PathVariable long id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            Authentication staff) {
        return BallotView.of(administration.schedule(id, staff.getName(), DraftETags.expected(ifMatch)));
    }

    @ExceptionHandler(InvalidBallot.class)
    ProblemDetail invalid(InvalidBallot e) {
        return problem(e);
    }

    /** Each field to fix, named, as every ballots API answers settings that need fixing. */
    static ProblemDetail problem(InvalidBallot e) {
        return new InvalidRequest(
                        "Some fields need fixing",
                        e.problems().entrySet().stream()
                                .map(problem -> Map.of("field", problem.getKey(), "message", problem.getValue()))
                                .toList())
                .toProblem();
    }

    @ExceptionHandler(DraftVersion.ChangedMeanwhile.class)
    ResponseEntity<ProblemDetail> changedMeanwhile(DraftVersion.ChangedMeanwhile e) {
        return DraftETags.changedMeanwhile(e, administration.find(e.current().ballotId()));
    }

    @ExceptionHandler(BallotNotChangeable.class)
    ProblemDetail notChangeable(BallotNotChangeable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Who may send these requests, decided before their bodies are bound. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths ballotCreation() {
            return RolePaths.of("POST", List.of("/api/ballots"), "ADMIN", "SCRUTINEER")
                    .refusedWith("Only administrators and scrutineers make ballots");
        }
    }
}
