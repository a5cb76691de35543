package org.gpaction.insights.appointments;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.PracticesOutsideEngland;
import org.gpaction.insights.imports.Months;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The appointments of one month in a sub-ICB location or a practice, as the NHS published them: public figures. */
@RestController
@JsonApi
class AppointmentsApiController {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,10}");

    @Schema(
            description = "A sub-ICB location's appointments in a month, with those attended, not attended (DNA), "
                    + "with a GP, face to face and booked the same day")
    public record AreaAppointments(
            @Schema(example = "52R") String subIcb,
            @Schema(example = "2021-03") String month,
            long appointments,
            long attended,
            long dna,
            long gp,
            long faceToFace,
            long sameDay) {}

    @Schema(description = "The same for one practice, from the practice-level files")
    public record PracticeAppointments(
            @Schema(example = "A81001") String practice,
            @Schema(example = "2024-10") String month,
            long appointments,
            long attended,
            long dna,
            long gp,
            long faceToFace,
            long sameDay) {}

    private final AppointmentsRepository appointments;
    private final PracticesOutsideEngland outsideEngland;

    AppointmentsApiController(AppointmentsRepository appointments, PracticesOutsideEngland outsideEngland) {
        this.appointments = appointments;
        this.outsideEngland = outsideEngland;
    }

    @GetMapping("/api/insights/appointments")
    @Operation(
            summary = "Appointments in one month in a sub-ICB location or at a practice",
            description = """
                    Added up from the Appointments in General Practice files imported: all appointments, those \
                    attended and those the patient did not attend (DNA), those with a GP, those face to face and \
                    those booked the same day. Give either subIcb or practice, and the month. 404 when no file \
                    imported covers that area or practice in that month, or when it is outside England, which NHS \
                    England's figures do not cover (the detail says so).""",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        content =
                                @Content(
                                        schema =
                                                @Schema(oneOf = {AreaAppointments.class, PracticeAppointments.class}))),
                @ApiResponse(responseCode = "400", description = "A parameter missing or not as described"),
                @ApiResponse(
                        responseCode = "404",
                        description = "No file imported covers it, or it is a practice outside England or a sub-ICB"
                                + " location code only such practices have (the detail says so)")
            })
    ResponseEntity<?> appointments(
            @Parameter(description = "A sub-ICB location code, such as 52R") @RequestParam(required = false)
                    String subIcb,
            @Parameter(description = "A practice's ODS code, such as A81001") @RequestParam(required = false)
                    String practice,
            @Parameter(description = "The month, such as 2021-03") @RequestParam(required = false) String month) {
        boolean byArea = subIcb != null && !subIcb.isBlank();
        boolean byPractice = practice != null && !practice.isBlank();
        if (byArea == byPractice) {
            throw InvalidRequest.field(
                    byArea ? "practice" : "subIcb",
                    "Give one of subIcb (a sub-ICB location code such as 52R) or practice (an ODS code such as "
                            + "A81001), not both and not neither");
        }
        String parameter = byArea ? "subIcb" : "practice";
        String code = (byArea ? subIcb : practice).strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(code).matches()) {
            throw InvalidRequest.field(
                    parameter,
                    byArea
                            ? "Give a sub-ICB location code, such as 52R"
                            : "Give a practice's ODS code, such as A81001");
        }
        YearMonth when = Months.parse(month)
                .orElseThrow(() -> InvalidRequest.field("month", "Give the month as yyyy-mm, such as 2021-03"));
        Optional<AppointmentsRepository.Summary> found =
                byArea ? appointments.area(code, when) : appointments.practice(code, when);
        if (found.isEmpty()) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(
                            HttpStatus.NOT_FOUND,
                            outsideEngland
                                    .why(byArea ? AreaKind.SUB_ICB : AreaKind.PRACTICE, code)
                                    .map(why -> why + ".")
                                    .orElseGet(() -> "No appointments file imported covers "
                                            + (byArea ? "sub-ICB location " : "practice ") + code + " in " + when)))
                    .build();
        }
        AppointmentsRepository.Summary s = found.get();
        return ResponseEntity.ok(
                byArea
                        ? new AreaAppointments(
                                code,
                                when.toString(),
                                s.appointments(),
                                s.attended(),
                                s.dna(),
                                s.gp(),
                                s.faceToFace(),
                                s.sameDay())
                        : new PracticeAppointments(
                                code,
                                when.toString(),
                                s.appointments(),
                                s.attended(),
                                s.dna(),
                                s.gp(),
                                s.faceToFace(),
                                s.sameDay()));
    }

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths insightsAppointmentsPublicPaths() {
            return PublicPaths.of("/api/insights/appointments");
        }
    }
}
