package org.gpaction.ballots.ballot;

import java.util.List;
import org.gpaction.ballots.ballot.BallotApiController.BallotView;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.web.JsonApi;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A ballot's turnout, its result and seal, and publishing it, through the API, for administrators and scrutineers. */
@RestController
@JsonApi
@RequestMapping("/api/ballots")
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class BallotResultsApiController {

    private final Results results;

    BallotResultsApiController(Results results) {
        this.results = results;
    }

    @GetMapping("/{id}/turnout")
    Results.Turnout turnout(@PathVariable long id) {
        return results.turnout(id);
    }

    @GetMapping("/{id}/turnout/by-day")
    List<Results.DayTurnout> turnoutByDay(@PathVariable long id) {
        return results.turnoutByDay(id);
    }

    @GetMapping("/{id}/turnout/by-icb")
    List<Results.AreaTurnout> turnoutByIcb(@PathVariable long id) {
        return results.turnoutByIcb(id);
    }

    @GetMapping("/{id}/turnout/by-lmc")
    List<Results.AreaTurnout> turnoutByLmc(@PathVariable long id) {
        return results.turnoutByLmc(id);
    }

    @GetMapping("/{id}/results")
    Results.Result results(@PathVariable long id) {
        return results.result(id);
    }

    /**
     * The hash fixed at the close beside the hash of the papers now: whether any paper changed since. 503 with a
     * Retry-After while other checks are reading papers.
     */
    @GetMapping("/{id}/seal")
    Results.SealCheck seal(@PathVariable long id) {
        return results.checkSeal(id);
    }

    @PostMapping("/{id}/publish")
    BallotView publish(@PathVariable long id, Authentication staff) {
        return BallotView.of(results.publish(id, staff.getName()));
    }

    @ExceptionHandler(Results.NotPublishable.class)
    ProblemDetail notPublishable(Results.NotPublishable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Results.SealChecksBusy.class)
    ResponseEntity<ProblemDetail> sealChecksBusy(Results.SealChecksBusy e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    @ExceptionHandler(Results.ResultsNotYetAvailable.class)
    ProblemDetail notYet(Results.ResultsNotYetAvailable e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }
}
