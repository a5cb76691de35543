package org.gpaction.capacity.evidence;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.SpreadsheetCsv;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Daily demand counts as JSON, or as CSV for a spreadsheet when asked with {@code Accept: text/csv}. */
@RestController
@JsonApi
class DemandApiController {

    static final List<String> CSV_HEADER = List.of(
            "day",
            "practices",
            "requests",
            "reception",
            "online",
            "nhs111",
            "urgent",
            "routine",
            "admin",
            "booked",
            "diverted",
            "waitlisted",
            "diverted_full",
            "diverted_outside_core_hours",
            "diverted_front_door_paused",
            "diverted_nhs111_allowance_used",
            "signposted_by_reception",
            "nhs111_booked",
            "practices_full_before_10");

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
    ResponseEntity<String> csv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @RequestParam(required = false) String practice,
            @AuthenticationPrincipal StaffPrincipal staff) {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, practice);
        EvidenceScope.Range range = EvidenceScope.range(from, to, PracticeCalendar.dayOf(clock.instant()));
        return csvAnswer(
                demand.daily(scope.practices(), range.from(), range.to()),
                "demand-" + range.from() + "-to-" + range.to() + ".csv");
    }

    static ResponseEntity<String> csvAnswer(List<Demand.DayCounts> days, String fileName) {
        SpreadsheetCsv csv = new SpreadsheetCsv().row(CSV_HEADER);
        for (Demand.DayCounts d : days) {
            csv.row(cells(d));
        }
        return csvFile(csv, fileName);
    }

    /**
     * One practice's days with, last, the minutes its online front door was closed in core hours each day (see
     * {@link Demand#frontDoorClosedMinutes}): a figure of one practice's set-up, so not in the figures of many.
     */
    static ResponseEntity<String> practiceCsvAnswer(
            List<Demand.DayCounts> days, Map<LocalDate, Long> closedMinutes, String fileName) {
        List<String> header = new ArrayList<>(CSV_HEADER);
        header.add("front_door_closed_minutes");
        SpreadsheetCsv csv = new SpreadsheetCsv().row(header);
        for (Demand.DayCounts d : days) {
            List<Object> cells = new ArrayList<>(Arrays.asList(cells(d)));
            cells.add(closedMinutes.getOrDefault(d.day(), 0L));
            csv.row(cells);
        }
        return csvFile(csv, fileName);
    }

    private static Object[] cells(Demand.DayCounts d) {
        return new Object[] {
            d.day(),
            d.practices(),
            d.requests(),
            d.reception(),
            d.online(),
            d.nhs111(),
            d.urgent(),
            d.routine(),
            d.admin(),
            d.booked(),
            d.diverted(),
            d.waitlisted(),
            d.divertedFull(),
            d.divertedOutsideHours(),
            d.divertedPaused(),
            d.divertedNhs111(),
            d.divertedByReception(),
            d.nhs111Booked(),
            d.practicesFullBefore10()
        };
    }

    private static ResponseEntity<String> csvFile(SpreadsheetCsv csv, String fileName) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .body(csv.toString());
    }
}
