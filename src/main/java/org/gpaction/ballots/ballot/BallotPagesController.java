package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Ballots for administrators and scrutineers: the list, a page per ballot with its log, and scheduling (the form that
 * creates and changes drafts is {@link DraftEditingController}, live turnout is {@link TurnoutPagesController}'s, and
 * the result after the close is {@link ResultPagesController}'s). Times are shown in UK time. Every request is checked
 * here, whatever links a page offered.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class BallotPagesController {

    private final BallotAdministration administration;
    private final Results results;
    private final BallotLog log;
    private final Clock clock;
    private final RollKeeper rolls;
    private final TrusteesOnRecord trusteesOnRecord;
    private final ExposedTrustees exposedTrustees;

    BallotPagesController(
            BallotAdministration administration,
            Results results,
            BallotLog log,
            Clock clock,
            RollKeeper rolls,
            TrusteesOnRecord trusteesOnRecord,
            ExposedTrustees exposedTrustees) {
        this.trusteesOnRecord = trusteesOnRecord;
        this.exposedTrustees = exposedTrustees;
        this.administration = administration;
        this.results = results;
        this.log = log;
        this.clock = clock;
        this.rolls = rolls;
    }

    @GetMapping("/ballots")
    String list(Model model) {
        model.addAttribute(
                "ballots", administration.all().stream().map(BallotSummary::of).toList());
        return "ballots/list";
    }

    @GetMapping("/ballots/{id}")
    String ballot(@PathVariable long id, Model model) {
        // Read before the ballot, so that a change in between makes the page look older than it is, never newer.
        model.addAttribute("version", administration.version(id).number());
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("times", BallotTimes.of(ballot));
        model.addAttribute("turnout", results.turnout(id));
        model.addAttribute("log", log.entries(id).stream().map(LogLine::of).toList());
        int trustees = trusteesOnRecord.count(id);
        model.addAttribute("trusteeCount", trustees);
        model.addAttribute("exposedTrustees", exposedTrustees.of(id));
        if (ballot.status() == BallotStatus.DRAFT) {
            RollKeeper.RollCount rollToday = rolls.countEligible(ballot.ruleSet(), clock.instant());
            model.addAttribute("rollToday", rollToday.eligible());
            model.addAttribute("rollTodayWaiting", rollToday.waitingForCheck());
            model.addAttribute("openingPassed", !ballot.opensAt().isAfter(clock.instant()));
        }
        model.addAttribute(
                "canUnschedule",
                ballot.status() == BallotStatus.SCHEDULED
                        && (ballot.opensAt().isAfter(clock.instant())
                                || trustees == 0
                                || !ballot.closesAt().isAfter(clock.instant())));
        return "ballots/ballot";
    }

    /**
     * Schedules the draft only if its settings are still the version the page showed: one opened before someone
     * else's change is answered 409 with the draft as it is now, and nothing is scheduled.
     */
    @PostMapping("/ballots/{id}/schedule")
    String schedule(
            @PathVariable long id,
            @RequestParam(name = "version", required = false) String version,
            Authentication staff,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            Ballot ballot = administration.schedule(id, staff.getName(), DraftVersion.carried(version));
            redirect.addFlashAttribute(
                    "done",
                    ballot.opensAt().isAfter(clock.instant())
                            ? "The ballot is scheduled: it opens by itself " + UkTime.onOrAt(ballot.opensAt())
                            : "The ballot is scheduled after its opening time, " + UkTime.format(ballot.opensAt())
                                    + ", had passed: it opens at once and every member on the roll is sent their"
                                    + " link");
            return "redirect:/ballots/" + id;
        } catch (InvalidBallot e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("problems", e.problems());
            model.addAttribute("hasErrors", true);
            return ballot(id, model);
        } catch (DraftVersion.ChangedMeanwhile e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problems", Map.of("version", e.onPage("schedule it", "it was not scheduled")));
            model.addAttribute("hasErrors", true);
            return ballot(id, model);
        } catch (BallotNotChangeable e) {
            // Scheduled already (Schedule pressed twice, or by a colleague) or past that: nothing on the page to fix.
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("problems", Map.of("status", e.getMessage()));
            model.addAttribute("hasErrors", true);
            return ballot(id, model);
        }
    }

    record BallotSummary(long id, String title, BallotStatus status, String opens, String closes) {
        static BallotSummary of(Ballot ballot) {
            return new BallotSummary(
                    ballot.id(),
                    ballot.title(),
                    ballot.status(),
                    UkTime.format(ballot.opensAt()),
                    UkTime.format(ballot.closesAt()));
        }
    }

    record LogLine(String at, String actor, String action, String detail) {
        static LogLine of(BallotLog.Entry entry) {
            return new LogLine(UkTime.format(entry.at()), entry.actor(), entry.action(), entry.detail());
        }
    }

    /** Who may schedule a ballot, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths ballotForms() {
            return RolePaths.of("POST", List.of("/ballots/{id}/schedule"), "ADMIN", "SCRUTINEER");
        }
    }
}
