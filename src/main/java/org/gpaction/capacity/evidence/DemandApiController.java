package org.gpaction.capacity.evidence;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.web.JsonApi;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Daily demand counts as JSON, or as CSV for a spreadsheet when asked with {@code Accept: text/csv}. */
@RestController
@JsonApi
class DemandApiController {

    private static final String PROBLEM = "application/problem+json";
    private static final String PROBLEM_SCHEMA = "#/components/schemas/ProblemDetail";

    private final EvidenceScope scopes;
    private final Demand demand;
    private final Clock clock;

    DemandApiController(EvidenceScope scopes, Demand demand, Clock clock) {
        this.scopes = scopes;
        this.demand = demand;
        this.clock = clock;
    }

    @GetMapping(path = "/api/capacity/demand", produces = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "Daily counts; as CSV for a spreadsheet with Accept: text/csv",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @io.swagger.v3.oas.annotations.media.Schema(implementation = DemandAnswer.class)))
    // The refusals name their problem document: springdoc would describe them as the counts' JSON otherwise.
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "400",
            description = "from or to is not a date as yyyy-mm-dd, from is after to, the days are too many, or no"
                    + " practice in the directory is in the LMC or ICB asked for: the detail names what to fix",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "403",
            description = "A scrutineer, or an LMC officer asking for another LMC's practices",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "404",
            description = "No practice by the code asked for that you can see",
            content = @Content(mediaType = PROBLEM, schema = @Schema(ref = PROBLEM_SCHEMA)))
    Map<String, Object> json(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String practice,
            @AuthenticationPrincipal StaffPrincipal staff) {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, practice);
        EvidenceScope.Range range = EvidenceScope.range(from, to, PracticeCalendar.dayOf(clock.instant()));
        return Map.of(
                "from", range.from(),
                "to", range.to(),
                "scope", scope.description(),
                "days", demand.daily(scope.practices(), range.from(), range.to()));
    }

    @GetMapping(path = "/api/capacity/demand", produces = "text/csv")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "Daily counts as CSV for a spreadsheet",
            content =
                    @io.swagger.v3.oas.annotations.media.Content(
                            mediaType = "text/csv",
                            schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")))
    void csv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String practice,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response)
            throws IOException {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, practice);
        EvidenceScope.Range range = EvidenceScope.range(from, to, PracticeCalendar.dayOf(clock.instant()));
        DemandCsv.send(
                demand.daily(scope.practices(), range.from(), range.to()),
                "demand-" + range.from() + "-to-" + range.to() + ".csv",
                response);
    }
}
