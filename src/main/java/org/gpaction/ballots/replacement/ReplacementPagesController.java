package org.gpaction.ballots.replacement;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.common.DurationWords;
import org.gpaction.common.UkTime;
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
 * "Missing your ballot?" for members, without signing in. Every request that is filled in properly ends on the
 * same page, whether or not it matched anyone.
 */
@Controller
class ReplacementPagesController {

    record OpenBallot(long id, String title, String closes) {
        static OpenBallot of(Ballot ballot) {
            return new OpenBallot(ballot.id(), ballot.title(), UkTime.onOrAt(ballot.closesAt()));
        }
    }

    private final ReplacementIntake intake;
    private final ReplacementLinks links;
    private final ReplacementProperties properties;

    ReplacementPagesController(ReplacementIntake intake, ReplacementLinks links, ReplacementProperties properties) {
        this.intake = intake;
        this.links = links;
        this.properties = properties;
    }

    @ModelAttribute
    void private_(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    @GetMapping("/ballots/missing")
    String form(Model model) {
        return show(null, model);
    }

    @GetMapping("/ballots/{id}/missing")
    String formFor(@PathVariable long id, Model model) {
        return show(id, model);
    }

    /** The form as asked from a ballot's own page posts here, so that a refused one still names that ballot. */
    @PostMapping("/ballots/{id}/missing")
    String requestFor(
            @PathVariable long id,
            @RequestParam(name = "membershipNumber", defaultValue = "") String membershipNumber,
            @RequestParam(name = "gmcNumber", defaultValue = "") String gmcNumber,
            @RequestParam(name = "email", defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return request(id, membershipNumber, gmcNumber, email, request, response, model);
    }

    @PostMapping("/ballots/missing")
    String request(
            @RequestParam(name = "membershipNumber", defaultValue = "") String membershipNumber,
            @RequestParam(name = "gmcNumber", defaultValue = "") String gmcNumber,
            @RequestParam(name = "email", defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        return request(null, membershipNumber, gmcNumber, email, request, response, model);
    }

    private String request(
            Long id,
            String membershipNumber,
            String gmcNumber,
            String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        ReplacementIntake.Taken taken;
        try {
            taken = intake.request(
                    new ReplacementRequestCommand(membershipNumber, gmcNumber, email), request.getRemoteAddr());
        } catch (InvalidReplacement e) {
            model.addAttribute("problems", e.problems());
            model.addAttribute("hasErrors", true);
            model.addAttribute("membershipNumber", membershipNumber);
            model.addAttribute("gmcNumber", gmcNumber);
            model.addAttribute("email", email);
            response.setStatus(400);
            return show(id, model);
        }
        return taken == ReplacementIntake.Taken.ASKED_JUST_NOW
                ? "redirect:/ballots/missing/just-sent"
                : "redirect:/ballots/missing/sent";
    }

    @GetMapping("/ballots/missing/sent")
    String sent() {
        return "ballots/missing-sent";
    }

    @GetMapping("/ballots/missing/just-sent")
    String justSent(Model model) {
        model.addAttribute("repeatWindow", DurationWords.inWords(properties.repeatWindow()));
        return "ballots/missing-just-sent";
    }

    private String show(Long id, Model model) {
        List<OpenBallot> open = links.openBallots().stream().map(OpenBallot::of).toList();
        model.addAttribute("openBallots", open);
        model.addAttribute(
                "chosen",
                open.stream()
                        .filter(ballot -> id != null && ballot.id() == id)
                        .findFirst()
                        .orElse(null));
        return "ballots/missing";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths replacementPublicPaths() {
            return PublicPaths.of(
                    "/ballots/missing",
                    "/ballots/missing/sent",
                    "/ballots/missing/just-sent",
                    "/ballots/*/missing",
                    "/api/ballots/replacement-requests");
        }
    }
}
