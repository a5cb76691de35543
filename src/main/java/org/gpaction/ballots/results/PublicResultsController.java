package org.gpaction.ballots.results;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
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
 * scrutineer's certificate, the seal and the receipt check. A ballot not published answers 404, as one that does
 * not exist does: nothing of its count shows before publication.
 */
@Controller
class PublicResultsController {

    record ListedResult(long id, String title, String publishedAt) {}

    private final PublishedResults published;

    PublicResultsController(PublishedResults published) {
        this.published = published;
    }

    @GetMapping("/results")
    String list(Model model) {
        model.addAttribute(
                "results",
                published.all().stream()
                        .map(result ->
                                new ListedResult(result.id(), result.title(), UkTime.format(result.publishedAt())))
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
        model.addAttribute("checkedAt", UkTime.format(result.checkedAt()));
        model.addAttribute("publishedAt", UkTime.format(result.publishedAt()));
        model.addAttribute("closedAt", UkTime.format(result.ballot().closesAt()));
        return "ballots/public-result";
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths publicResultPaths() {
            return PublicPaths.of("/results", "/results/*");
        }
    }
}
