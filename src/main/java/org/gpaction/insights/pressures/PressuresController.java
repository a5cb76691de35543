package org.gpaction.insights.pressures;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.gpaction.common.web.PublicPaths;
import org.gpaction.common.web.SpreadsheetCsv;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.gpaction.insights.areas.PracticesOutsideEngland;
import org.gpaction.practices.ListSizeTotal;
import org.gpaction.practices.Practices;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The public pressures pages (England, each ICB, sub-ICB location, LMC and practice) and each table's CSV. */
@Controller
class PressuresController {

    @Configuration(proxyBeanMethods = false)
    static class Paths {
        @Bean
        PublicPaths insightsPublicPaths() {
            return PublicPaths.of(
                    "/pressures",
                    "/pressures/**",
                    "/api/insights/pressures",
                    "/api/insights/pressures/**",
                    "/api/insights/funding",
                    "/api/insights/funding/**",
                    "/api/insights/reference");
        }
    }

    private final Areas areas;
    private final Pressures pressures;
    private final PracticesOutsideEngland outsideEngland;
    private final Practices practices;

    PressuresController(Areas areas, Pressures pressures, PracticesOutsideEngland outsideEngland, Practices practices) {
        this.areas = areas;
        this.practices = practices;
        this.pressures = pressures;
        this.outsideEngland = outsideEngland;
    }

    @GetMapping("/pressures")
    String england(Model model) {
        Area england = areas.england();
        model.addAttribute("lmcs", areas.all(AreaKind.LMC));
        return page(england, model);
    }

    @GetMapping("/pressures/{kind:icb|sub-icb|lmc|practice}/{code}")
    String area(@PathVariable String kind, @PathVariable String code, Model model, HttpServletResponse response) {
        AreaKind chosen = AreaKind.fromSegment(kind).orElseThrow();
        return areas.find(chosen, code).map(area -> page(area, model)).orElseGet(() -> {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            Optional<String> why = outsideEngland.why(chosen, code);
            if (why.isPresent()) {
                model.addAttribute("why", why.get());
                model.addAttribute("whose", chosen == AreaKind.PRACTICE ? "practice" : "area");
                return "insights/outside-england";
            }
            model.addAttribute("kind", chosen);
            model.addAttribute("code", code);
            return "insights/unknown-area";
        });
    }

    @GetMapping({"/pressures/appointments.csv", "/pressures/{kind:icb|sub-icb|lmc|practice}/{code}/appointments.csv"})
    ResponseEntity<String> appointmentsCsv(
            @PathVariable(required = false) String kind, @PathVariable(required = false) String code) {
        Area area = find(kind, code);
        if (area == null) {
            return notFound(kind, code);
        }
        SpreadsheetCsv csv = new SpreadsheetCsv()
                .row(
                        "month",
                        "appointments",
                        "attended",
                        "dna",
                        "gp",
                        "face_to_face",
                        "same_day",
                        "over_two_weeks",
                        "working_days",
                        "appointments_per_working_day",
                        "gp_appointments_per_gp_fte_per_day",
                        "gp_share_percent",
                        "face_to_face_share_percent",
                        "dna_rate_percent",
                        "same_day_share_percent",
                        "over_two_weeks_share_percent",
                        "sub_icb_locations_imported",
                        "sub_icb_locations_in_area",
                        "sub_icb_locations_with_gps_not_known");
        for (MonthFigures month : pressures.of(area).appointments()) {
            csv.row(
                    month.iso(),
                    month.appointments(),
                    month.attended(),
                    month.dna(),
                    month.gp(),
                    month.faceToFace(),
                    month.sameDay(),
                    month.overTwoWeeks(),
                    month.workingDays(),
                    month.perWorkingDay(),
                    month.gpAppointmentsPerGpPerDay(),
                    month.gpShare(),
                    month.faceToFaceShare(),
                    month.dnaRate(),
                    month.sameDayShare(),
                    month.overTwoWeeksShare(),
                    month.places(),
                    month.placesInArea(),
                    month.subIcbLocationsWithGpsNotKnown());
        }
        return csv(area, "appointments", csv);
    }

    @GetMapping({"/pressures/workforce.csv", "/pressures/{kind:icb|sub-icb|lmc|practice}/{code}/workforce.csv"})
    ResponseEntity<String> workforceCsv(
            @PathVariable(required = false) String kind, @PathVariable(required = false) String code) {
        Area area = find(kind, code);
        if (area == null) {
            return notFound(kind, code);
        }
        SpreadsheetCsv csv = new SpreadsheetCsv()
                .row(
                        "month",
                        "practices",
                        "registered_patients",
                        "gp_fte",
                        "fully_qualified_gp_fte",
                        "patients_per_fully_qualified_gp",
                        "england_patients_per_fully_qualified_gp",
                        "practices_with_gps_not_known");
        for (WorkforceMonth month : pressures.of(area).workforce()) {
            csv.row(
                    month.month(),
                    month.practices(),
                    month.patients(),
                    month.gpFte(),
                    month.qualifiedFte(),
                    month.patientsPerGp(),
                    month.englandPatientsPerGp(),
                    month.practicesWithGpsNotKnown());
        }
        return csv(area, "workforce", csv);
    }

    @GetMapping({"/pressures/registered.csv", "/pressures/{kind:icb|sub-icb|lmc|practice}/{code}/registered.csv"})
    ResponseEntity<String> registeredCsv(
            @PathVariable(required = false) String kind, @PathVariable(required = false) String code) {
        Area area = find(kind, code);
        if (area == null) {
            return notFound(kind, code);
        }
        SpreadsheetCsv csv = new SpreadsheetCsv().row("extracted_on", "practices", "patients");
        for (ListSizeTotal extract : pressures.of(area).registered()) {
            csv.row(extract.extractedOn(), extract.practices(), extract.patients());
        }
        return csv(area, "registered", csv);
    }

    @GetMapping({"/pressures/closures.csv", "/pressures/{kind:icb|sub-icb|lmc|practice}/{code}/closures.csv"})
    ResponseEntity<String> closuresCsv(
            @PathVariable(required = false) String kind, @PathVariable(required = false) String code) {
        Area area = find(kind, code);
        if (area == null) {
            return notFound(kind, code);
        }
        SpreadsheetCsv csv = new SpreadsheetCsv().row("year", "practices_closed_or_merged");
        pressures.of(area).closures().forEach((year, closed) -> csv.row(year, closed));
        return csv(area, "closures", csv);
    }

    private Area find(String kind, String code) {
        if (kind == null) {
            return areas.england();
        }
        return AreaKind.fromSegment(kind).flatMap(k -> areas.find(k, code)).orElse(null);
    }

    /**
     * A download asked for an area that is not one says which, as the page and the API do: a link followed with a
     * mistyped code would otherwise save an empty file or show a blank page. A practice outside England, or an area
     * whose practices all are, is told why it has no figures, its code being right.
     */
    private ResponseEntity<String> notFound(String kind, String code) {
        AreaKind chosen = AreaKind.fromSegment(kind).orElseThrow();
        String label = chosen.inSentence();
        String body = outsideEngland
                .why(chosen, code)
                .map(why -> why + ".\n")
                .orElseGet(() -> "There is no " + label + " " + code + " in England in the practices directory: check"
                        + " the code, or start from /pressures and follow the links to the area.\n");
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
                .body(body);
    }

    private String page(Area area, Model model) {
        Pressures.AreaPressures figures = pressures.of(area);
        model.addAttribute("area", area);
        model.addAttribute("figures", figures);
        model.addAttribute("within", areas.within(area));
        model.addAttribute("closedWithin", areas.closedWithin(area));
        model.addAttribute("dormantWithin", areas.dormantWithin(area));
        model.addAttribute("odsImportedOn", practices.odsFileImportedOn().orElse(null));
        model.addAttribute("vision", WorkforceMonth.VISION);
        return "insights/pressures";
    }

    private static ResponseEntity<String> csv(Area area, String what, SpreadsheetCsv csv) {
        String name = "pressures-"
                + (area.kind() == AreaKind.ENGLAND
                        ? "england"
                        : area.kind().segment() + "-" + area.code().replaceAll("[^A-Za-z0-9]+", "-"))
                + "-" + what + ".csv";
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(csv.toString());
    }
}
