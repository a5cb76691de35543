package org.gpaction.ballots.results;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.TrusteesOnRecord;
import org.gpaction.ballots.trustees.BallotRecords;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.PublicPaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Published results for anyone, signed in or not: the list, and a page per ballot with the figures, the
 * scrutineer's certificate, the seal, the receipt check and the ballot record to download. A ballot not published answers 404, as one that does
 * not exist does: nothing of its count shows before publication.
 */
@Controller
class PublicResultsController {

    record ListedResult(long id, String title, String publishedAt) {}

    private final PublishedResults published;
    private final BallotRepository ballots;
    private final BallotRecords records;
    private final TrusteesOnRecord trustees;

    PublicResultsController(
            PublishedResults published, BallotRepository ballots, BallotRecords records, TrusteesOnRecord trustees) {
        this.published = published;
        this.ballots = ballots;
        this.records = records;
        this.trustees = trustees;
    }

    @GetMapping("/results")
    String list(Model model) {
        model.addAttribute(
                "results",
                published.all().stream()
                        .map(result ->
                                new ListedResult(result.id(), result.title(), UkTime.onOrAt(result.publishedAt())))
                        .toList());
        return "ballots/public-results";
    }

    @GetMapping("/results/{id}")
    String result(@PathVariable long id, HttpServletResponse response, Model model) {
        Optional<PublishedResults.Published> found = published.find(id);
        if (found.isEmpty()) {
            response.setStatus(404);
            return "error/404";
        }
        PublishedResults.Published result = found.get();
        model.addAttribute("ballot", result.ballot());
        model.addAttribute("result", result.result());
        model.addAttribute("seal", result.seal());
        model.addAttribute("checkedAt", UkTime.onOrAt(result.checkedAt()));
        model.addAttribute("publishedAt", UkTime.onOrAt(result.publishedAt()));
        model.addAttribute("closedAt", UkTime.onOrAt(result.ballot().closesAt()));
        model.addAttribute("recordFile", recordFile(id));
        List<TrusteesOnRecord.TrusteeOnRecord> onRecord = trustees.list(id);
        model.addAttribute(
                "jointKey",
                TrusteesOnRecord.jointKey(onRecord.stream()
                                .map(TrusteesOnRecord.TrusteeOnRecord::publicKey)
                                .toList())
                        .orElse(null));
        model.addAttribute("trustees", onRecord);
        return "ballots/public-result";
    }

    /**
     * The whole ballot record of a published ballot, sent from the file it is kept in, so that no number of readers
     * can keep trustees and the scrutineer from the records they download.
     */
    @GetMapping("/results/{id}/record.zip")
    void record(@PathVariable long id, HttpServletResponse response) throws IOException {
        if (ballots.find(id).filter(b -> b.status() == BallotStatus.PUBLISHED).isEmpty()) {
            response.sendError(404);
            return;
        }
        records.sendPublished(id, response, recordFile(id));
    }

    /** The name a download of the record is saved under, which the commands on the result page name too. */
    private static String recordFile(long id) {
        return "ballot-" + id + "-record.zip";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths publicResultPaths() {
            return PublicPaths.of("/results", "/results/*", "/results/*/record.zip", "/verifier/verify.py");
        }
    }
}
