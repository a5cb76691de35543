package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.RolePaths;
import org.gpaction.common.web.SpreadsheetCsv;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Ballots for administrators and scrutineers: the list, scheduling, a page per ballot with its log, live turnout,
 * and after the close the result, its CSV, the scrutineer's report and publication (the form that creates and
 * changes drafts is {@link DraftEditingController}). Times are shown in UK time. Every request is checked here, whatever links a page offered.
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
            model.addAttribute("rollToday", rolls.countEligible(ballot.ruleSet(), clock.instant()));
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

    @GetMapping("/ballots/{id}/results")
    String results(@PathVariable long id, Authentication staff, Model model) {
        Results.Result result = results.result(id);
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("times", BallotTimes.of(ballot));
        model.addAttribute("result", result);
        model.addAttribute("spoiltPapers", results.spoiltPapers(id));
        model.addAttribute(
                "canCertify",
                result.certificate() == null
                        && staff.getAuthorities().stream()
                                .anyMatch(authority -> authority.getAuthority().equals("ROLE_SCRUTINEER")));
        return "ballots/results";
    }

    @GetMapping("/ballots/{id}/results.csv")
    ResponseEntity<String> resultsCsv(@PathVariable long id) {
        Results.Result result = results.result(id);
        Ballot ballot = administration.find(id);
        SpreadsheetCsv csv =
                new SpreadsheetCsv().row("ballot_id", "ballot_title", "measure", "label", "count", "percent");
        csv.row(id, ballot.title(), "question", ballot.question(), "", "");
        csv.row(id, ballot.title(), "entitled", "", result.eligible(), "");
        csv.row(id, ballot.title(), "issued", "", result.issued(), "");
        csv.row(id, ballot.title(), "returned", "", result.returned(), result.turnoutPercent());
        for (Results.OptionResult option : result.options()) {
            csv.row(id, ballot.title(), "option", option.label(), option.votes(), option.percent());
        }
        csv.row(id, ballot.title(), "spoilt", "", result.spoilt(), "");
        Results.Issuance issuance = result.issuance();
        csv.row(id, ballot.title(), "first_links", "", issuance.firstLinks(), "");
        csv.row(id, ballot.title(), "replacements_on_request", "", issuance.replacementsOnRequest(), "");
        csv.row(id, ballot.title(), "replacements_by_scrutineer", "", issuance.replacementsByScrutineer(), "");
        csv.row(id, ballot.title(), "reminders", "", issuance.reminders(), "");
        csv.row(id, ballot.title(), "links_in_all", "", issuance.linksInAll(), "");
        csv.row(id, ballot.title(), "requests_declined", "", issuance.requestsDeclined(), "");
        csv.row(id, ballot.title(), "requests_after_voting", "", issuance.requestsAfterVoting(), "");
        csv.row(id, ballot.title(), "undelivered", "", issuance.undelivered(), "");
        csv.row(id, ballot.title(), "log_hash", result.logHash(), "", "");
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("ballot-" + id + "-result.csv")
                                .build()
                                .toString())
                .body(csv.toString());
    }

    @GetMapping("/ballots/{id}/report")
    String report(@PathVariable long id, Model model) {
        Results.Result result = results.result(id);
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("times", BallotTimes.of(ballot));
        model.addAttribute("result", result);
        model.addAttribute("seal", results.checkSeal(id));
        model.addAttribute("trustees", trusteesOnRecord.list(id));
        model.addAttribute("exposedTrustees", exposedTrustees.of(id));
        model.addAttribute("printedAt", UkTime.format(clock.instant()));
        return "ballots/report";
    }

    @PostMapping("/ballots/{id}/publish")
    String publish(@PathVariable long id, Authentication staff, RedirectAttributes redirect) {
        results.publish(id, staff.getName());
        redirect.addFlashAttribute("done", "You published the result");
        return "redirect:/ballots/" + id + "/results";
    }

    @ExceptionHandler(Results.ResultsNotYetAvailable.class)
    ModelAndView notYet(Results.ResultsNotYetAvailable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict",
                Map.of(
                        "heading",
                        "The result is not available yet",
                        "message",
                        e.votingClosed()
                                ? e.getMessage() + ". The trustees' page of this ballot shows how."
                                : "Nobody can see how many votes each option has until voting closes. Turnout is on"
                                        + " the turnout page."));
    }

    @ExceptionHandler(Results.NotPublishable.class)
    ModelAndView notPublishable(Results.NotPublishable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "The result cannot be published", "message", e.getMessage()));
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

    /** A ballot's times for its page; {@code votersForgotten} with its preposition, as it ends a sentence. */
    record BallotTimes(String opens, String closes, String rollCutoff, String rollFrozen, String votersForgotten) {
        static BallotTimes of(Ballot ballot) {
            return new BallotTimes(
                    UkTime.format(ballot.opensAt()),
                    UkTime.format(ballot.closesAt()),
                    UkTime.format(ballot.rollCutoff()),
                    ballot.rollFrozenAt() == null ? null : UkTime.format(ballot.rollFrozenAt()),
                    ballot.votersForgottenAt() == null ? null : UkTime.onOrAt(ballot.votersForgottenAt()));
        }
    }

    record LogLine(String at, String actor, String action, String detail) {
        static LogLine of(BallotLog.Entry entry) {
            return new LogLine(UkTime.format(entry.at()), entry.actor(), entry.action(), entry.detail());
        }
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

    /** Who may schedule a ballot or publish its result, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths ballotForms() {
            return RolePaths.of(
                    "POST", List.of("/ballots/{id}/schedule", "/ballots/{id}/publish"), "ADMIN", "SCRUTINEER");
        }
    }
}
