package org.gpaction.insights.funding;

import jakarta.servlet.http.HttpServletResponse;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.SpreadsheetCsv;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The funding swingometer: a form that works without JavaScript (the figures are worked out here) and a slider that
 * works them out in the page as it moves, from the same reference figures.
 */
@Controller
class FundingPageController {

    static final String INITIAL_UPLIFT = "1.9";

    private final Funding funding;
    private final ReferenceFigures references;

    FundingPageController(Funding funding, ReferenceFigures references) {
        this.funding = funding;
        this.references = references;
    }

    @GetMapping("/pressures/funding")
    String swingometer(
            @RequestParam(required = false) String uplift,
            @RequestParam(required = false) String practice,
            Model model,
            HttpServletResponse response) {
        String given = uplift == null || uplift.isBlank() ? INITIAL_UPLIFT : uplift.strip();
        String code =
                practice == null || practice.isBlank() ? null : practice.strip().toUpperCase(Locale.ROOT);
        model.addAttribute("uplift", given);
        model.addAttribute("practice", code == null ? "" : code);
        model.addAttribute("years", funding.byYear(null));
        model.addAttribute("figures", references.figures());
        model.addAttribute("cpi", references.cpi());
        model.addAttribute("initialOffer", references.value(ReferenceFigures.UPLIFT_INITIAL));
        model.addAttribute("laterOffer", references.value(ReferenceFigures.UPLIFT_LATER));
        try {
            BigDecimal percent = FundingApiController.uplift(given);
            model.addAttribute("swing", funding.swing(percent, code));
        } catch (InvalidRequest e) {
            refuse(model, response, "uplift", e.getMessage());
        } catch (Funding.CannotSwing e) {
            refuse(model, response, e.field(), e.getMessage());
        }
        return "insights/funding";
    }

    /** The global sum per weighted patient of every payments year imported, as the page's table shows it. */
    @GetMapping("/pressures/funding/years.csv")
    ResponseEntity<String> yearsCsv() {
        SpreadsheetCsv csv = new SpreadsheetCsv()
                .row(
                        "year",
                        "practices",
                        "registered_patients",
                        "weighted_patients",
                        "global_sum",
                        "global_sum_per_weighted_patient",
                        "gms_practices",
                        "gms_weighted_patients",
                        "gms_global_sum",
                        "gms_global_sum_per_weighted_patient");
        for (Funding.YearRow row : funding.byYear(null)) {
            csv.row(
                    row.all().year(),
                    row.all().practices(),
                    row.all().registeredPatients(),
                    row.all().weightedPatients(),
                    row.all().globalSum(),
                    row.all().globalSumPerWeightedPatient(),
                    row.gms().practices(),
                    row.gms().weightedPatients(),
                    row.gms().globalSum(),
                    row.gms().globalSumPerWeightedPatient());
        }
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("global-sum-by-year.csv")
                                .build()
                                .toString())
                .body(csv.toString());
    }

    private static void refuse(Model model, HttpServletResponse response, String field, String message) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errors", Map.of(field, message));
        model.addAttribute("hasErrors", true);
    }
}
