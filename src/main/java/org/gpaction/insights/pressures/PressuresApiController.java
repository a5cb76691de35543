package org.gpaction.insights.pressures;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gpaction.common.web.JsonApi;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.gpaction.insights.areas.PracticesOutsideEngland;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Every figure of the pressures pages as JSON: England, or one ICB, sub-ICB location, LMC or practice. */
@RestController
@JsonApi
class PressuresApiController {

    static final String DESCRIPTION = """
            Month by month: appointments (attended, did not attend, with a GP, face to face, same day, over two \
            weeks) with the working days of the month (Monday to Friday less England bank holidays; null when that \
            year's bank holidays are not recorded) and appointments per working day; GP appointments per GP \
            (full-time equivalent, from the workforce file) per working day, against 25; registered patients per \
            fully qualified GP (excluding trainees and locums) against 1,000 and against England; registered \
            patients by extract date; practices closed or merged by year (ODS close dates). An area's practices \
            are those open today (ODS status active); its closed practices are counted apart (closedPractices), \
            as are its dormant or proposed ones (dormantOrProposedPractices), open neither. For an area, each \
            month says how many of its sub-ICB locations have appointments imported that month against how many \
            it takes in: where fewer, the appointment figures are those of part of the area only. The figures are \
            of its sub-ICB locations of today only, England's too: appointments or workforce rows a file gives \
            under a code that is no sub-ICB location today count in no area. A practice whose GPs the workforce \
            file does not give (NA or ND, for all its GPs or its fully qualified GPs) adds neither its patients, its \
            GPs nor its GP appointments to an area's figures, and is counted in practicesWithGpsNotKnown; a sub-ICB location with such a practice, in a month from the sub-ICB appointments \
            file, adds neither its GP appointments nor its GPs to GP appointments per GP, and is counted in \
            subIcbLocationsWithGpsNotKnown. A figure that cannot be worked out is null.""";

    /**
     * @param practices the area's practices open today (ODS status active): closed, dormant and proposed ones left out
     * @param closedPractices its practices that have closed, whose closures, past list sizes and payments still count
     *     here
     * @param dormantOrProposedPractices its practices that are dormant or proposed (ODS status D or P): not open, not
     *     closed
     */
    public record AreaView(
            String kind,
            String code,
            String name,
            List<String> subIcbCodes,
            int practices,
            int closedPractices,
            int dormantOrProposedPractices) {}

    /**
     * @param subIcbLocationsWithGpsNotKnown how many of the area's sub-ICB locations gpAppointmentsPerGpPerDay leaves
     *     out: their month is from the sub-ICB appointments file, which does not give practices apart, and a practice
     *     of theirs has GPs the workforce file does not give ('NA' or 'ND'); null for a practice
     */
    public record MonthView(
            String month,
            long appointments,
            long attended,
            long dna,
            long gp,
            long faceToFace,
            long sameDay,
            long overTwoWeeks,
            Integer workingDays,
            BigDecimal appointmentsPerWorkingDay,
            BigDecimal gpAppointmentsPerGpPerDay,
            BigDecimal gpSharePercent,
            BigDecimal faceToFaceSharePercent,
            BigDecimal dnaRatePercent,
            BigDecimal sameDaySharePercent,
            BigDecimal overTwoWeeksSharePercent,
            Integer subIcbLocationsImported,
            Integer subIcbLocationsInArea,
            Integer subIcbLocationsWithGpsNotKnown) {

        static MonthView of(MonthFigures m) {
            return new MonthView(
                    m.iso(),
                    m.appointments(),
                    m.attended(),
                    m.dna(),
                    m.gp(),
                    m.faceToFace(),
                    m.sameDay(),
                    m.overTwoWeeks(),
                    m.workingDays(),
                    m.perWorkingDay(),
                    m.gpAppointmentsPerGpPerDay(),
                    m.gpShare(),
                    m.faceToFaceShare(),
                    m.dnaRate(),
                    m.sameDayShare(),
                    m.overTwoWeeksShare(),
                    m.places(),
                    m.placesInArea(),
                    m.subIcbLocationsWithGpsNotKnown());
        }
    }

    /**
     * @param practices the practices with a workforce row that month
     * @param practicesWithGpsNotKnown of them, those whose GPs (all, or fully qualified) the workforce file does not
     *     give ('NA' or 'ND'): an area's patients and GPs leave them out; a practice's own GPs are then null
     */
    public record WorkforceView(
            String month,
            int practices,
            int practicesWithGpsNotKnown,
            long registeredPatients,
            BigDecimal gpFte,
            BigDecimal fullyQualifiedGpFte,
            BigDecimal patientsPerFullyQualifiedGp,
            BigDecimal englandPatientsPerFullyQualifiedGp,
            int vision) {

        static WorkforceView of(WorkforceMonth w) {
            return new WorkforceView(
                    w.month().toString(),
                    w.practices(),
                    w.practicesWithGpsNotKnown(),
                    w.patients(),
                    w.gpFte(),
                    w.qualifiedFte(),
                    w.patientsPerGp(),
                    w.englandPatientsPerGp(),
                    WorkforceMonth.VISION);
        }
    }

    public record RegisteredView(LocalDate extractedOn, int practices, long patients) {}

    public record PressuresView(
            AreaView area,
            List<MonthView> appointments,
            List<WorkforceView> workforce,
            List<RegisteredView> registered,
            Map<Integer, Integer> closedOrMergedByYear) {}

    private final Areas areas;
    private final Pressures pressures;
    private final PracticesOutsideEngland outsideEngland;

    PressuresApiController(Areas areas, Pressures pressures, PracticesOutsideEngland outsideEngland) {
        this.areas = areas;
        this.pressures = pressures;
        this.outsideEngland = outsideEngland;
    }

    @GetMapping("/api/insights/pressures")
    @Operation(summary = "The pressures on general practice in England", description = DESCRIPTION)
    PressuresView england() {
        return view(areas.england());
    }

    @GetMapping("/api/insights/pressures/{kind}/{code}")
    @Operation(
            summary = "The pressures on one area: kind is icb, sub-icb, lmc (by name) or practice",
            description = DESCRIPTION,
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The area's pressures",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = PressuresView.class))),
                @ApiResponse(
                        responseCode = "404",
                        description = "Not a kind of area, no such area in England in the practices directory, or a"
                                + " practice outside England, or an area whose practices all are, which NHS"
                                + " England's figures do not cover (the detail says so)")
            })
    ResponseEntity<?> area(@PathVariable String kind, @PathVariable String code) {
        AreaKind chosen =
                AreaKind.fromSegment(kind).filter(k -> k != AreaKind.ENGLAND).orElse(null);
        if (chosen == null) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(
                            HttpStatus.NOT_FOUND,
                            "\"" + kind + "\" is not a kind of area: use icb, sub-icb, lmc or practice"))
                    .build();
        }
        return areas.find(chosen, code)
                .<ResponseEntity<?>>map(area -> ResponseEntity.ok(view(area)))
                .orElseGet(() -> ResponseEntity.of(ProblemDetail.forStatusAndDetail(
                                HttpStatus.NOT_FOUND,
                                outsideEngland
                                        .why(chosen, code)
                                        .map(why -> why + ".")
                                        .orElseGet(() -> "There is no "
                                                + chosen.inSentence() + " " + code
                                                + " in England in the practices directory")))
                        .build());
    }

    private PressuresView view(Area area) {
        Pressures.AreaPressures figures = pressures.of(area);
        return new PressuresView(
                new AreaView(
                        area.kind().segment(),
                        area.code(),
                        area.name(),
                        area.subIcbCodes(),
                        area.practicesToday(),
                        area.closedOdsCodes().size(),
                        area.dormantOdsCodes().size()),
                figures.appointments().stream().map(MonthView::of).toList(),
                figures.workforce().stream().map(WorkforceView::of).toList(),
                figures.registered().stream()
                        .map(r -> new RegisteredView(r.extractedOn(), r.practices(), r.patients()))
                        .toList(),
                figures.closures());
    }
}
