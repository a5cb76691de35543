package org.gpaction.ballots.casting;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.TooManyRequestsPage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * After a result is published, anyone with a receipt can check it was counted. The receipt is the tracker of the
 * voter's encrypted paper, listed in the ballot record; the answer is about that paper only: counted, spoilt at the
 * count, changed since it was cast, or not found. The choice is never shown: nothing GP Action stores can reveal it.
 * Before publication every ballot answers as one that does not exist, so a check tells nothing while voting is open.
 */
@Controller
class ReceiptCheckController {

    private final BallotAdministration administration;
    private final ReceiptChecks receipts;
    private final ReceiptThrottle throttle;

    ReceiptCheckController(BallotAdministration administration, ReceiptChecks receipts, ReceiptThrottle throttle) {
        this.administration = administration;
        this.receipts = receipts;
        this.throttle = throttle;
    }

    @ModelAttribute
    void private_(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @GetMapping("/receipts")
    String published(Model model) {
        model.addAttribute(
                "ballots",
                administration.all().stream()
                        .filter(ballot -> ballot.status() == BallotStatus.PUBLISHED)
                        .toList());
        return "ballots/receipts";
    }

    @GetMapping("/receipts/{id}")
    String form(@PathVariable long id, HttpServletResponse response, Model model) {
        Ballot ballot = published(id);
        if (ballot == null) {
            response.setStatus(404);
            return "error/404";
        }
        model.addAttribute("ballot", ballot);
        model.addAttribute("code", "");
        return "ballots/receipt-check";
    }

    @PostMapping("/receipts/{id}")
    String check(
            @PathVariable long id,
            @RequestParam(name = "code", defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Ballot ballot = published(id);
        if (ballot == null) {
            response.setStatus(404);
            return "error/404";
        }
        model.addAttribute("ballot", ballot);
        String cleaned = code.strip();
        model.addAttribute(
                "code",
                cleaned.length() > ReceiptCode.MAX_TYPED ? cleaned.substring(0, ReceiptCode.MAX_TYPED) : cleaned);
        if (cleaned.isEmpty()) {
            return problem("Enter the receipt you were shown after voting", response, model);
        }
        Optional<byte[]> tracker = ReceiptCode.tracker(cleaned);
        if (tracker.isEmpty()) {
            return problem(
                    "Enter all 52 letters and numbers of your receipt (13 groups of four, like ABCD-EFGH-…), or its"
                            + " 64-character hexadecimal form from the ballot record",
                    response,
                    model);
        }
        model.addAttribute("code", Tracker.grouped(tracker.get()));
        // The receipt is looked up before the address's count: a real receipt is answered whatever others tried from
        // there, as a real voting link works.
        ReceiptChecks.Checked checked = receipts.check(id, tracker.get());
        if (checked.outcome() == ReceiptChecks.Outcome.NOT_FOUND) {
            // Only a miss can be a guess, so only a miss counts: a receipt found is 256 bits nobody guesses.
            Optional<RetryAfter> refused = throttle.refused(request.getRemoteAddr());
            if (refused.isPresent()) {
                return TooManyRequestsPage.show(refused.get(), "ballots/receipt-too-many", response, model);
            }
        }
        model.addAttribute("outcome", checked.outcome().name());
        model.addAttribute("spoiltBecause", checked.spoiltBecause());
        return "ballots/receipt-check";
    }

    private static String problem(String problem, HttpServletResponse response, Model model) {
        response.setStatus(400);
        model.addAttribute("codeProblem", problem);
        model.addAttribute("hasErrors", true);
        return "ballots/receipt-check";
    }

    private Ballot published(long id) {
        try {
            Ballot ballot = administration.find(id);
            return ballot.status() == BallotStatus.PUBLISHED ? ballot : null;
        } catch (BallotNotFound e) {
            return null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths receiptPublicPaths() {
            return PublicPaths.of("/receipts", "/receipts/**");
        }
    }
}
