package org.gpaction.ballots.casting;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
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
 * The voter's pages, in the GOV.UK question-page pattern: the question, "check your answer", then the receipt.
 * Looking at a link never uses it up; only confirming does. Nothing here needs JavaScript.
 */
@Controller
class VotePagesController {

    private final Casting casting;
    private final KeptReceipts keptReceipts;
    private final VoteThrottle throttle;

    VotePagesController(Casting casting, KeptReceipts keptReceipts, VoteThrottle throttle) {
        this.casting = casting;
        this.keptReceipts = keptReceipts;
        this.throttle = throttle;
    }

    /** Voting pages are never cached, never indexed and never tell another site where the voter came from. */
    @ModelAttribute
    void private_(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Robots-Tag", "noindex, nofollow");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @GetMapping("/vote")
    String enterCode() {
        return "ballots/enter-code";
    }

    @PostMapping("/vote")
    String code(
            @RequestParam(name = "code", defaultValue = "") String code, HttpServletResponse response, Model model) {
        if (code.isBlank()) {
            return enterCodeAgain("Enter the voting code from your email", response, model);
        }
        String token = codeIn(code);
        if (!SecretTokens.looksValid(token)) {
            return enterCodeAgain("Enter the code after /vote/ in your link", response, model);
        }
        return "redirect:/vote/" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The code in what the voter entered: voters paste the whole link as often as the code, so the code is what
     * follows its last {@code /vote/}, without a query, fragment or trailing slash. Spaces go too, as a link copied
     * from a wrapped email can carry a line break, and a code has none.
     */
    private static String codeIn(String entered) {
        String code = entered.replaceAll("\\s", "").replaceFirst("[?#].*", "");
        int vote = code.lastIndexOf("/vote/");
        if (vote >= 0) {
            code = code.substring(vote + "/vote/".length());
        }
        while (code.endsWith("/")) {
            code = code.substring(0, code.length() - 1);
        }
        return code;
    }

    private static String enterCodeAgain(String problem, HttpServletResponse response, Model model) {
        response.setStatus(400);
        model.addAttribute("codeProblem", problem);
        model.addAttribute("hasErrors", true);
        return "ballots/enter-code";
    }

    @GetMapping("/vote/{token}")
    String question(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        return withLink(token, request, response, model, ballot -> {
            model.addAttribute("token", token);
            return "ballots/question";
        });
    }

    /**
     * The question again, with the answer the check page showed chosen: its Change sends the answer in the page's form
     * rather than in the address, so how the voter is voting is never in the browser's history or a log.
     */
    @PostMapping("/vote/{token}")
    String change(
            @PathVariable String token,
            @RequestParam(name = "choice", required = false) String choice,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return withLink(token, request, response, model, ballot -> {
            model.addAttribute("token", token);
            option(choice, ballot).ifPresent(option -> model.addAttribute("choice", option));
            return "ballots/question";
        });
    }

    @PostMapping("/vote/{token}/check")
    String check(
            @PathVariable String token,
            @RequestParam(name = "choice", required = false) String choice,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return withLink(token, request, response, model, ballot -> {
            model.addAttribute("token", token);
            Optional<Integer> option = option(choice, ballot);
            if (option.isEmpty()) {
                return askAgain(model);
            }
            model.addAttribute("choice", option.get());
            model.addAttribute("answer", ballot.options().get(option.get()));
            // The page's own value, so that a second Confirm of this page finds the first's receipt; the session is
            // made now, as the Confirm's receipt is kept for this session only.
            request.getSession();
            model.addAttribute("page", ReceiptKeeping.newPage());
            return "ballots/check";
        });
    }

    /**
     * Records the vote. A Confirm pressed twice (a double click, or pressed again while the first was slow) sends the
     * same page twice, and the browser shows only the second answer: that finds the link used, and shows the receipt
     * the first kept for this page in this session, rather than a refusal that leaves the voter thinking their vote
     * was lost.
     */
    @PostMapping("/vote/{token}/confirm")
    String confirm(
            @PathVariable String token,
            @RequestParam(name = "choice", required = false) String choice,
            @RequestParam(name = "page", required = false) String page,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        HttpSession session = request.getSession(false);
        Optional<ReceiptKeeping> keeping = ReceiptKeeping.of(token, page, session == null ? null : session.getId());
        return withLink(token, request, response, model, keeping, ballot -> {
            Optional<Integer> option = option(choice, ballot);
            if (option.isEmpty()) {
                model.addAttribute("token", token);
                return askAgain(model);
            }
            try {
                Casting.Receipt receipt = casting.cast(token, option.get(), keeping);
                model.addAttribute("receipt", receipt.code());
                return "ballots/receipt";
            } catch (VoteRefused refused) {
                return refusal(refused.reason(), refused.replacedAt(), keeping, response, model);
            }
        });
    }

    /**
     * The option a form chose, by its place in the ballot's list; none for a choice left out or one that names no option
     * (a word, or a number out of range), which the voter is asked again rather than sent a bare refusal: the form only
     * ever sends an option's number, so anything else is a page that is not this ballot's, or a hand-made request.
     */
    private static Optional<Integer> option(String choice, Ballot ballot) {
        if (choice == null || !choice.strip().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        int option = Integer.parseInt(choice.strip());
        return option < ballot.options().size() ? Optional.of(option) : Optional.empty();
    }

    /** The question again, saying an answer is needed; the caller has put the link's token in the model. */
    private static String askAgain(Model model) {
        model.addAttribute("choiceProblem", "Select your answer");
        model.addAttribute("hasErrors", true);
        return "ballots/question";
    }

    private interface Step {
        String next(Ballot ballot);
    }

    private String withLink(
            String token, HttpServletRequest request, HttpServletResponse response, Model model, Step step) {
        return withLink(token, request, response, model, Optional.empty(), step);
    }

    private String withLink(
            String token,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model,
            Optional<ReceiptKeeping> keeping,
            Step step) {
        // The link is looked up before the address's count: a real link works whatever others tried from there.
        Optional<Casting.LinkState> state = casting.inspect(token);
        if (state.isEmpty()) {
            Optional<RetryAfter> refused = throttle.refused(request.getRemoteAddr());
            if (refused.isPresent()) {
                return TooManyRequestsPage.show(refused.get(), "ballots/too-many", response, model);
            }
            response.setStatus(404);
            return "ballots/unknown-link";
        }
        Ballot ballot = state.get().ballot();
        model.addAttribute("ballot", ballot);
        model.addAttribute("closes", UkTime.onOrAt(ballot.closesAt()));
        model.addAttribute("opens", UkTime.onOrAt(ballot.opensAt()));
        if (state.get().refusal().isPresent()) {
            return refusal(state.get().refusal().get(), state.get().replacedAt(), keeping, response, model);
        }
        return step.next(ballot);
    }

    /**
     * The page for a refused link; {@link #withLink} has already put the ballot and its times in the model. A link
     * used by this very page in this session, moments ago, shows the receipt that Confirm kept instead.
     */
    private String refusal(
            VoteRefused.Reason reason,
            java.time.Instant replacedAt,
            Optional<ReceiptKeeping> keeping,
            HttpServletResponse response,
            Model model) {
        if (reason == VoteRefused.Reason.ALREADY_USED) {
            Optional<String> kept = keeping.flatMap(keptReceipts::find);
            if (kept.isPresent()) {
                model.addAttribute("receipt", kept.get());
                return "ballots/receipt";
            }
        }
        if (replacedAt != null) {
            model.addAttribute("replacedAt", UkTime.onOrAt(replacedAt));
        }
        RefusalPage page = switch (reason) {
            case UNKNOWN_LINK -> new RefusalPage(404, "ballots/unknown-link");
            case ALREADY_USED -> new RefusalPage(409, "ballots/already-used");
            case REPLACED -> new RefusalPage(410, "ballots/replaced");
            case NOT_OPEN_YET -> new RefusalPage(403, "ballots/not-open");
            case CLOSED -> new RefusalPage(403, "ballots/closed");
            case INVALID_CHOICE -> new RefusalPage(400, "ballots/question");
        };
        response.setStatus(page.status());
        return page.view();
    }

    private record RefusalPage(int status, String view) {}

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths votingPublicPaths() {
            return PublicPaths.of("/vote", "/vote/**", "/api/vote");
        }
    }
}
