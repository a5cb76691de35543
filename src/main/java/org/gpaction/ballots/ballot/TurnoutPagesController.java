package org.gpaction.ballots.ballot;

import java.time.Clock;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.results.Results;
import org.gpaction.common.UkTime;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * A ballot's turnout for administrators and scrutineers, live while voting runs: the headline figures, by day, and by
 * ICB and LMC. Times are shown in UK time.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class TurnoutPagesController {

    private final BallotAdministration administration;
    private final Results results;
    private final Clock clock;

    TurnoutPagesController(BallotAdministration administration, Results results, Clock clock) {
        this.administration = administration;
        this.results = results;
        this.clock = clock;
    }

    @GetMapping("/ballots/{id}/turnout")
    String turnout(@PathVariable long id, Model model) {
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("times", BallotTimes.of(ballot));
        summary(ballot, model);
        model.addAttribute("days", results.turnoutByDay(id));
        model.addAttribute("byIcb", AreaTable.of(results.turnoutByIcb(id)));
        model.addAttribute("byLmc", AreaTable.of(results.turnoutByLmc(id)));
        return "ballots/turnout";
    }

    /** The headline figures alone, which the turnout page fetches again every half minute while voting runs. */
    @GetMapping("/ballots/{id}/turnout/summary")
    String turnoutSummary(@PathVariable long id, Model model) {
        summary(administration.find(id), model);
        return "ballots/partials/turnout-summary :: summary";
    }

    private void summary(Ballot ballot, Model model) {
        model.addAttribute("ballot", ballot);
        model.addAttribute("turnout", results.turnout(ballot.id()));
        model.addAttribute("updatedAt", UkTime.format(clock.instant()));
        model.addAttribute("live", ballot.status() == BallotStatus.OPEN || ballot.status() == BallotStatus.SCHEDULED);
    }

    /** Turnout per area with the whole roll as its last line, so the table shows that the parts add up. */
    record AreaTable(List<Results.AreaTurnout> rows, Results.AreaTurnout total) {
        static AreaTable of(List<Results.AreaTurnout> rows) {
            long eligible =
                    rows.stream().mapToLong(Results.AreaTurnout::eligible).sum();
            long returned =
                    rows.stream().mapToLong(Results.AreaTurnout::returned).sum();
            return new AreaTable(
                    rows, new Results.AreaTurnout("All", eligible, returned, Results.percentOf(returned, eligible)));
        }
    }
}
