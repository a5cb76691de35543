package org.gpaction.insights.funding;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Administrators correct the swingometer's reference figures and the CPI series, saying where each comes from. */
@Controller
@RequestMapping("/admin/insights/reference")
@PreAuthorize("hasRole('ADMIN')")
class ReferenceAdminController {

    private final ReferenceFigures references;
    private final Clock clock;

    ReferenceAdminController(ReferenceFigures references, Clock clock) {
        this.references = references;
        this.clock = clock;
    }

    @GetMapping
    String page(@RequestParam(required = false) String saved, Model model) {
        model.addAttribute("saved", saved);
        return show(model, Map.of(), null);
    }

    @PostMapping("/figures/{key}")
    String figure(
            @PathVariable String key,
            @RequestParam(required = false) String value,
            @RequestParam(required = false) String source,
            Principal admin,
            Model model,
            HttpServletResponse response) {
        if (references.figure(key).isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return show(model, Map.of("figure", "There is no reference figure " + key), key);
        }
        Map<String, String> errors = new LinkedHashMap<>();
        BigDecimal number = number(
                value, "value-" + key, "Enter the figure " + ReferenceFigures.DIGITS_RULE + ", such as 107.57", errors);
        if (number != null && ReferenceFigures.isDivisor(key) && number.signum() <= 0) {
            errors.put("value-" + key, "Enter a figure above zero: the swingometer divides by it");
        } else if (number != null && number.signum() < 0) {
            errors.put("value-" + key, "Enter a figure of zero or more");
        }
        String cleaned = source(source, "source-" + key, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("figureForm", Map.of("value", nullToEmpty(value), "source", nullToEmpty(source)));
            return show(model, errors, key);
        }
        references.update(key, number, cleaned, admin.getName(), clock.instant());
        return "redirect:/admin/insights/reference?saved=" + key;
    }

    @PostMapping("/cpi")
    String cpi(
            @RequestParam(required = false) String year,
            @RequestParam(required = false) String index,
            @RequestParam(required = false) String source,
            Principal admin,
            Model model,
            HttpServletResponse response) {
        Map<String, String> errors = new LinkedHashMap<>();
        Integer chosen = null;
        try {
            chosen = Integer.valueOf(year == null ? "" : year.strip());
            if (chosen < 1990 || chosen > 2100) {
                errors.put("cpi-year", "Enter a year between 1990 and 2100");
            }
        } catch (NumberFormatException e) {
            errors.put("cpi-year", "Enter the year as four digits, such as 2025");
        }
        BigDecimal number = number(
                index, "cpi-index", "Enter the index " + ReferenceFigures.DIGITS_RULE + ", such as 133.9", errors);
        if (number != null && number.signum() <= 0) {
            errors.put("cpi-index", "Enter an index above zero");
        }
        String cleaned = source(source, "cpi-source", errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute(
                    "cpiForm",
                    Map.of("year", nullToEmpty(year), "index", nullToEmpty(index), "source", nullToEmpty(source)));
            return show(model, errors, null);
        }
        references.setCpi(chosen, number, cleaned, admin.getName(), clock.instant());
        return "redirect:/admin/insights/reference?saved=cpi-" + chosen;
    }

    private String show(Model model, Map<String, String> errors, String editing) {
        model.addAttribute("figures", references.figures());
        model.addAttribute("cpi", references.cpi());
        model.addAttribute("errors", errors);
        model.addAttribute("editing", editing);
        model.addAttribute("hasErrors", !errors.isEmpty());
        if (!model.containsAttribute("cpiForm")) {
            model.addAttribute("cpiForm", Map.of("year", "", "index", "", "source", ""));
        }
        return "insights/reference";
    }

    /** The same rule as the API's, so a figure is kept the same whichever way it comes. */
    private static BigDecimal number(String given, String field, String message, Map<String, String> errors) {
        BigDecimal number = ReferenceFigures.written(
                given == null ? "" : given.strip().replace("£", "").replace(",", ""));
        if (number == null) {
            errors.put(field, message);
        }
        return number;
    }

    private static String source(String given, String field, Map<String, String> errors) {
        String source = given == null ? "" : given.strip();
        if (source.isEmpty()) {
            errors.put(field, "Say where the figure comes from: the publication, and the table or page");
        } else if (source.length() > FundingApiController.MAX_SOURCE) {
            errors.put(field, "Keep the source to " + FundingApiController.MAX_SOURCE + " characters");
        }
        return source;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
