package org.gpaction.capacity.evidence;

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
