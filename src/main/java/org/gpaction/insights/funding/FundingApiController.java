package org.gpaction.insights.funding;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.security.Principal;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.JsonBodies;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Funding figures from the payments files, the swingometer, and the reference figures behind it. */
@RestController
@JsonApi
class FundingApiController {

    static final Pattern YEAR = Pattern.compile("[0-9]{4}-[0-9]{2}");
    static final int MAX_SOURCE = 500;

    public record FundingView(
            String year,
            int practices,
            BigDecimal registeredPatients,
            BigDecimal weightedPatients,
            BigDecimal globalSum,
            BigDecimal globalSumPerWeightedPatient) {

        static FundingView of(Funding.YearFigures figures) {
            return new FundingView(
                    figures.year(),
                    figures.practices(),
                    figures.registeredPatients(),
                    figures.weightedPatients(),
                    figures.globalSum(),
                    figures.globalSumPerWeightedPatient());
        }
    }

    /**
     * A figure's new value and source. The figure's other fields, as {@code GET /api/insights/reference} gives them, may
     * be sent back with them: those saying which figure it is unchanged, who changed it last and when as anything at
     * all, as they are passed over.
     */
    public record FigureChange(
            BigDecimal value,
            String source,
            String key,
            String label,
            String unit,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object updatedBy,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object updatedAt) {}

    /**
     * A year's CPI index and its source; its other fields, as {@code GET /api/insights/reference} gives them, may be
     * sent back with them: its year unchanged, who changed it last and when as anything at all, as they are passed
     * over.
     */
    public record CpiChange(
            BigDecimal index,
            String source,
            Integer year,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object updatedBy,

            @Schema(description = "Passed over: sent back as read, or anything else")
            Object updatedAt) {}

    public record References(List<ReferenceFigures.Figure> figures, List<ReferenceFigures.Cpi> cpi) {}

    private final Funding funding;
    private final Areas areas;
    private final ReferenceFigures references;
    private final Clock clock;

    FundingApiController(Funding funding, Areas areas, ReferenceFigures references, Clock clock) {
        this.funding = funding;
        this.areas = areas;
        this.references = references;
        this.clock = clock;
    }

    @GetMapping("/api/insights/funding")
    @Operation(
            summary = "A financial year's payments summed over every practice in its file, one practice or one ICB",
            description = "Sums registered and weighted patients and the global sum over the practices in that "
                    + "year's NHS Payments to General Practice file (or only the practice, or the ICB's practices as "
                    + "the directory places them today); globalSumPerWeightedPatient is their quotient, in pounds.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The year's figures",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = FundingView.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "A year not written as one, or a practice or ICB not in the directory"),
                @ApiResponse(
                        responseCode = "404",
                        description = "No payments file is imported for that year (the detail names those that are)")
            })
    ResponseEntity<?> funding(
            @RequestParam(required = false) String year,
            @RequestParam(required = false) String practice,
            @RequestParam(required = false) String icb) {
        String chosen = year(year);
        if (practice != null && icb != null) {
            throw InvalidRequest.field("practice", "Ask for one practice or one ICB, not both");
        }
        Collection<String> codes = null;
        if (practice != null) {
            codes = List.of(area(AreaKind.PRACTICE, practice, "practice").code());
        } else if (icb != null) {
            codes = area(AreaKind.ICB, icb, "icb").odsCodes();
        }
        return funding.year(chosen, codes, false)
                .<ResponseEntity<?>>map(figures -> ResponseEntity.ok(FundingView.of(figures)))
                .orElseGet(() -> notFound("No payments file is imported for " + chosen + ": years imported are "
                        + (funding.years().isEmpty() ? "none" : String.join(", ", funding.years()))));
    }

    @GetMapping("/api/insights/funding/years")
    @Operation(
            summary = "Every payments year imported, over all practices and over the GMS practices paid a global sum")
    List<Funding.YearRow> years(
            @RequestParam(required = false) String practice, @RequestParam(required = false) String icb) {
        if (practice != null && icb != null) {
            throw InvalidRequest.field("practice", "Ask for one practice or one ICB, not both");
        }
        Collection<String> codes = null;
        if (practice != null) {
            codes = List.of(area(AreaKind.PRACTICE, practice, "practice").code());
        } else if (icb != null) {
            codes = area(AreaKind.ICB, icb, "icb").odsCodes();
        }
        return funding.byYear(codes);
    }

    @GetMapping("/api/insights/funding/swing")
    @Operation(
            summary = "The swingometer: an uplift on the 2024/25 global sum against 2018/19 after CPI",
            description = "uplift is a percentage (1.9, 6, anything from -50 to 100). The shortfall is what the "
                    + "2018/19 figure at 2024/25 prices exceeds the offer by, per weighted patient, for an average "
                    + "practice, the chosen practice and England, from the latest payments year imported: each at the "
                    + "GMS global sum rate, PMS and APMS practices included.")
    Funding.Swing swing(
            @RequestParam(required = false) String uplift, @RequestParam(required = false) String practice) {
        BigDecimal percent = uplift(uplift);
        try {
            return funding.swing(
                    percent, practice == null ? null : practice.strip().toUpperCase(Locale.ROOT));
        } catch (Funding.CannotSwing e) {
            throw InvalidRequest.field(e.field(), e.getMessage());
        }
    }

    @GetMapping("/api/insights/reference")
    @Operation(summary = "The reference figures and the CPI series the swingometer uses, each with its source")
    References referenceFigures() {
        return new References(references.figures(), references.cpi());
    }

    @PutMapping("/api/insights/reference/{key}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Correct a reference figure and say where it comes from (administrators)",
            description = "value and source are taken. A figure as GET /api/insights/reference gives it may be sent"
                    + " back whole, as often as wanted: updatedBy and updatedAt are passed over whatever they say,"
                    + " while key, label and unit say which figure it is and must be as stored, or left out. 400 names"
                    + " a field the body does not take, or key, label or unit sent changed, and nothing is changed.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FigureChange.class)))
    ResponseEntity<?> changeFigure(@PathVariable String key, HttpServletRequest request, Principal admin) {
        ReferenceFigures.Figure stored = references.figure(key).orElse(null);
        if (stored == null) {
            return notFound("There is no reference figure " + key);
        }
        FigureChange change = JsonBodies.readExactly(request, FigureChange.class, 4096, Map.of());
        if (change.key() != null && !change.key().equals(stored.key())) {
            throw InvalidRequest.field(
                    "key",
                    "The body's key is " + change.key() + " but the address is /api/insights/reference/" + stored.key()
                            + ": send a change to " + change.key() + " to /api/insights/reference/" + change.key()
                            + ", or leave key out");
        }
        unchanged("label", change.label(), stored.label());
        unchanged("unit", change.unit(), stored.unit());
        if (ReferenceFigures.isDivisor(key)
                && (change.value() == null || change.value().signum() <= 0)) {
            throw InvalidRequest.field(
                    "value", "Give the figure as a number above zero, such as 88.96: the swingometer divides by it");
        }
        if (change.value() == null || change.value().signum() < 0) {
            throw InvalidRequest.field("value", "Give the figure as a number, zero or more");
        }
        BigDecimal value = ReferenceFigures.normalised(change.value());
        if (value == null) {
            throw InvalidRequest.field("value", "Give the figure " + ReferenceFigures.DIGITS_RULE + ", such as 107.57");
        }
        references.update(key, value, source(change.source()), admin.getName(), clock.instant());
        return ResponseEntity.ok(references.figure(key).orElseThrow());
    }

    @PutMapping("/api/insights/cpi/{year}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Set the CPI annual average for a year (2015 = 100) and its source (administrators)",
            description = "index and source are taken. A year as GET /api/insights/reference gives it may be sent back"
                    + " whole, as often as wanted: updatedBy and updatedAt are passed over whatever they say, while year"
                    + " must be the address's, or left out. 400 names a field the body does not take, or a year other"
                    + " than the address's, and nothing is changed. The year set is answered as GET"
                    + " /api/insights/reference gives it.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = CpiChange.class)))
    ReferenceFigures.Cpi changeCpi(@PathVariable int year, HttpServletRequest request, Principal admin) {
        if (year < 1990 || year > 2100) {
            throw InvalidRequest.field("year", "Give a year between 1990 and 2100");
        }
        CpiChange change = JsonBodies.readExactly(request, CpiChange.class, 4096, Map.of());
        if (change.year() != null && change.year() != year) {
            throw InvalidRequest.field(
                    "year",
                    "The body's year is " + change.year() + " but the address is /api/insights/cpi/" + year
                            + ": send a change to " + change.year() + " to /api/insights/cpi/" + change.year()
                            + ", or leave year out");
        }
        if (change.index() == null || change.index().signum() <= 0) {
            throw InvalidRequest.field("index", "Give the index as a number above zero, such as 133.9");
        }
        BigDecimal index = ReferenceFigures.normalised(change.index());
        if (index == null) {
            throw InvalidRequest.field("index", "Give the index " + ReferenceFigures.DIGITS_RULE + ", such as 133.9");
        }
        references.setCpi(year, index, source(change.source()), admin.getName(), clock.instant());
        return references.cpi(year).orElseThrow();
    }

    /**
     * A field saying which figure it is, sent back as the GET gave it or not at all: sent changed, it would be answered
     * as if taken and then not kept. Who changed a figure last and when are passed over instead, as they change with
     * every change, so a figure read once may be sent back changed again and again.
     */
    private static void unchanged(String field, Object sent, Object stored) {
        if (sent != null && !sent.equals(stored)) {
            throw InvalidRequest.field(
                    field,
                    field + " is not changed by this request: leave it out, or send it as GET /api/insights/reference"
                            + " gives it (" + (stored == null ? "none" : stored) + ")");
        }
    }

    private static String source(String given) {
        String source = given == null ? "" : given.strip();
        if (source.isEmpty()) {
            throw InvalidRequest.field("source", "Say where the figure comes from, such as the publication and table");
        }
        if (source.length() > MAX_SOURCE) {
            throw InvalidRequest.field("source", "Keep the source to " + MAX_SOURCE + " characters");
        }
        return source;
    }

    private String year(String given) {
        if (given == null || !YEAR.matcher(given.strip()).matches()) {
            throw InvalidRequest.field("year", "Give a financial year such as year=2022-23");
        }
        return given.strip();
    }

    private static final Pattern UPLIFT = Pattern.compile("[-+]?(\\d{1,3}(\\.\\d{0,4})?|\\.\\d{1,4})");

    static BigDecimal uplift(String given) {
        if (given == null || given.isBlank()) {
            throw InvalidRequest.field("uplift", "Give the uplift as a percentage, such as uplift=1.9");
        }
        String percent = given.strip().replace("%", "").strip();
        // Digits only, not BigDecimal's exponents: "1e-20000000" is within the range allowed and would take the
        // server seconds of arithmetic on numbers of millions of digits.
        if (!UPLIFT.matcher(percent).matches()) {
            throw InvalidRequest.field(
                    "uplift", "\"" + given + "\" is not a percentage: write it as 1.9 or 6 (at most 4 decimal places)");
        }
        return new BigDecimal(percent);
    }

    private Area area(AreaKind kind, String code, String parameter) {
        return areas.find(kind, code)
                .orElseThrow(() -> InvalidRequest.field(
                        parameter,
                        code + " is not "
                                + (kind == AreaKind.ICB ? "an ICB code (such as QHM)" : "a practice in England")
                                + " in the practices directory"));
    }

    private static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail))
                .build();
    }
}
