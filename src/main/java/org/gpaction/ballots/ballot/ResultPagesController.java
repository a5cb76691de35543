package org.gpaction.ballots.ballot;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollChecks;
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
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A ballot's result for administrators and scrutineers after the close: the result, its CSV, the scrutineer's report
 * and publication. Times are shown in UK time.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'SCRUTINEER')")
class ResultPagesController {

    private final BallotAdministration administration;
    private final Results results;
    private final Clock clock;
    private final TrusteesOnRecord trusteesOnRecord;
    private final ExposedTrustees exposedTrustees;
    private final RollChecks rollChecks;

    ResultPagesController(
            BallotAdministration administration,
            Results results,
            Clock clock,
            TrusteesOnRecord trusteesOnRecord,
            ExposedTrustees exposedTrustees,
            RollChecks rollChecks) {
        this.administration = administration;
        this.results = results;
        this.clock = clock;
        this.trusteesOnRecord = trusteesOnRecord;
        this.exposedTrustees = exposedTrustees;
        this.rollChecks = rollChecks;
    }

    @GetMapping("/ballots/{id}/results")
    String results(@PathVariable long id, Authentication staff, Model model) {
        Results.Result result = results.result(id);
        Ballot ballot = administration.find(id);
        model.addAttribute("ballot", ballot);
        model.addAttribute("times", BallotTimes.of(ballot));
        model.addAttribute("result", result);
        model.addAttribute("spoiltPapers", results.spoiltPapers(id));
        model.addAttribute("rollChecks", rollChecks.counts(id));
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
        RollChecks.Counts checks = rollChecks.counts(id);
        csv.row(id, ballot.title(), "self_declared", "", checks.selfDeclared(), "");
        csv.row(id, ballot.title(), "self_declared_confirmed", "", checks.confirmed(), "");
        csv.row(id, ballot.title(), "self_declared_refused", "", checks.refused(), "");
        csv.row(id, ballot.title(), "self_declared_waiting", "", checks.waiting(), "");
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
        List<TrusteesOnRecord.TrusteeOnRecord> trustees = trusteesOnRecord.list(id);
        model.addAttribute("trustees", trustees);
        model.addAttribute(
                "jointKey",
                TrusteesOnRecord.jointKey(trustees.stream()
                                .map(TrusteesOnRecord.TrusteeOnRecord::publicKey)
                                .toList())
                        .orElse(null));
        model.addAttribute("exposedTrustees", exposedTrustees.of(id));
        model.addAttribute("rollChecks", rollChecks.counts(id));
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

    @ExceptionHandler(Results.SealChecksBusy.class)
    ModelAndView sealChecksBusy(Results.SealChecksBusy e, HttpServletResponse response) {
        response.setStatus(503);
        response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
        return new ModelAndView(
                "ballots/conflict",
                Map.of("heading", "The report cannot be printed just now", "message", e.getMessage()));
    }

    @ExceptionHandler(Results.NotPublishable.class)
    ModelAndView notPublishable(Results.NotPublishable e, HttpServletResponse response) {
        response.setStatus(409);
        return new ModelAndView(
                "ballots/conflict", Map.of("heading", "The result cannot be published", "message", e.getMessage()));
    }

    /** Who may publish a ballot's result, decided before the form is read. */
    @Configuration(proxyBeanMethods = false)
    static class Roles {
        @Bean
        RolePaths resultPublishing() {
            return RolePaths.of("POST", List.of("/ballots/{id}/publish"), "ADMIN", "SCRUTINEER");
        }
    }
}
