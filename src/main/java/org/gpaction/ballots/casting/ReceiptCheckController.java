package org.gpaction.ballots.casting;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.common.web.PublicPaths;
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
 * After a result is published, anyone with a receipt code can check it was counted. The answer is inclusion only:
 * the code was counted or it was not found; the choice is never shown, since nothing links a code to one.
 */
@Controller
class ReceiptCheckController {

    private final BallotAdministration administration;
    private final Casting casting;
    private final ReceiptThrottle throttle;

    ReceiptCheckController(BallotAdministration administration, Casting casting, ReceiptThrottle throttle) {
        this.administration = administration;
        this.casting = casting;
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
        String address = request.getRemoteAddr();
        if (throttle.paused(address)) {
            response.setStatus(429);
            return "ballots/receipt-too-many";
        }
        String cleaned = code.strip();
        model.addAttribute("code", cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned);
        if (cleaned.isEmpty()) {
            return problem("Enter the receipt code you were shown after voting", response, model);
        }
        Optional<String> receipt = ReceiptCode.asShown(cleaned);
        if (receipt.isEmpty()) {
            return problem(
                    "Enter the 12 letters and numbers of your receipt code, like ABCD-EFGH-JKLM", response, model);
        }
        model.addAttribute("code", receipt.get());
        boolean counted = casting.counted(id, receipt.get());
        if (!counted) {
            throttle.failed(address);
        }
        model.addAttribute("counted", counted);
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
