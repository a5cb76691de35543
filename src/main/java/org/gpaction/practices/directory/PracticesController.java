package org.gpaction.practices.directory;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.common.web.ListPage;
import org.gpaction.common.web.PageNumber;
import org.gpaction.practices.IcbNames;
import org.gpaction.practices.PracticeStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Any signed-in member of staff browses and searches the practice directory. */
@Controller
@RequestMapping("/practices")
class PracticesController {

    static final int PAGE_SIZE = 25;

    private final PracticeDirectory directory;
    private final IcbNames icbNames;

    PracticesController(PracticeDirectory directory, IcbNames icbNames) {
        this.directory = directory;
        this.icbNames = icbNames;
    }

    @GetMapping
    String search(
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String page,
            Model model) {
        PracticeSearch search =
                new PracticeSearch(text, statusOrNull(status), icb, lmc, PageNumber.asked(page), PAGE_SIZE);
        PracticeSearch.Results results = directory.search(search);
        // A page past the end (an old link, the list shorter since) would count the practices but show none, with no
        // link back: the last page is shown instead.
        ListPage shown = ListPage.lastIfPast(search.page(), results.total(), PAGE_SIZE);
        if (shown.number() != search.page()) {
            search = new PracticeSearch(text, search.status(), icb, lmc, shown.number(), PAGE_SIZE);
            results = directory.search(search);
        }
        model.addAttribute("search", search);
        model.addAttribute("results", results);
        model.addAttribute("pages", shown.pages());
        model.addAttribute("statuses", PracticeStatus.values());
        model.addAttribute("lmcs", directory.lmcNames());
        Map<String, String> names = icbNames.all();
        model.addAttribute(
                "icbColumn",
                results.items().stream()
                        .collect(Collectors.toMap(
                                PracticeDetails::odsCode,
                                practice -> IcbNames.column(
                                        practice.nation(), practice.icbCode(), practice.subIcbCode(), names))));
        return "practices/list";
    }

    @GetMapping("/{odsCode}")
    String practice(@PathVariable String odsCode, Model model, HttpServletResponse response) {
        return directory
                .find(odsCode)
                .map(practice -> {
                    model.addAttribute("practice", practice);
                    model.addAttribute("icbNames", icbNames.all());
                    return "practices/practice";
                })
                .orElseGet(() -> {
                    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
                    return "error/404";
                });
    }

    static PracticeStatus statusOrNull(String status) {
        String wanted = status == null ? "" : status.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(PracticeStatus.values())
                .filter(candidate -> candidate.name().equals(wanted))
                .findFirst()
                .orElse(null);
    }
}
