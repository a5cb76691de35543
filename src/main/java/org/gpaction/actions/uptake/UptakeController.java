package org.gpaction.actions.uptake;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.actions.MenuAction;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.SpreadsheetCsv;
import org.gpaction.practices.IcbNames;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The uptake dashboards (national for administrators, an LMC's for its officers, an ICB's for either) and their
 * CSV exports. The chart is drawn from the table under it, so the page says everything without JavaScript.
 */
@Controller
class UptakeController {

    private final Uptake uptake;
    private final UptakeAccess access;
    private final IcbNames icbNames;

    UptakeController(Uptake uptake, UptakeAccess access, IcbNames icbNames) {
        this.uptake = uptake;
        this.access = access;
        this.icbNames = icbNames;
    }

    @GetMapping("/actions/uptake")
    String dashboard(
            @RequestParam(name = "lmc", required = false) String lmc,
            @RequestParam(name = "icb", required = false) String icb,
            @RequestParam(name = "on", required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        UptakeScope scope = scope(staff, lmc, icb, model);
        LocalDate day = day(on, model);
        UptakeSnapshot snapshot = uptake.snapshot();
        // The LMCs the page accepts, by the rule that refuses one (UptakeAccess): an LMC whose practices all closed
        // before the first menu would only ever answer zeros.
        Map<String, TreeSet<String>> icbsByLmc = uptake.icbsByLmc(uptake.countedSinceTheFirstMenu());
        TreeSet<String> icbs = snapshot.currentIcbs(new UptakeScope(scope.lmc(), null));
        if (scope.icb() != null) {
            icbs.add(scope.icb());
        }
        model.addAttribute("scope", scope);
        model.addAttribute("area", scope.describe(icbNames.all()));
        model.addAttribute("icbNames", icbNames.all());
        model.addAttribute("on", day);
        model.addAttribute("figures", snapshot.on(day, scope));
        model.addAttribute("weeks", snapshot.weekly(uptake.firstPublished(), day, scope));
        model.addAttribute("byIcb", scope.icb() == null ? snapshot.byIcb(day, scope) : List.of());
        model.addAttribute("actions", snapshot.actions(scope));
        model.addAttribute("countsRetired", snapshot.countsRetired(scope));
        model.addAttribute("retiredNumbers", snapshot.retiredNumbers(scope));
        model.addAttribute("isAdmin", staff.role() == StaffRole.ADMIN);
        model.addAttribute("lmcs", icbsByLmc.keySet());
        model.addAttribute("icbs", icbs);
        return "actions/uptake";
    }

    /** The area asked for; a filter to fix is named on the page, and the figures shown are those without it. */
    private UptakeScope scope(StaffPrincipal staff, String lmc, String icb, Model model) {
        try {
            return access.scope(staff, lmc, icb);
        } catch (InvalidRequest e) {
            boolean lmcToFix = e.errors().stream().anyMatch(error -> "lmc".equals(error.get("field")));
            model.addAttribute(lmcToFix ? "lmcProblem" : "icbProblem", e.getMessage());
            model.addAttribute("hasErrors", true);
            return lmcToFix ? scope(staff, null, icb, model) : scope(staff, lmc, null, model);
        }
    }

    private LocalDate day(String on, Model model) {
        try {
            return access.day(on);
        } catch (InvalidRequest e) {
            model.addAttribute("onProblem", e.getMessage());
            model.addAttribute("hasErrors", true);
            return access.today();
        }
    }

    @GetMapping("/actions/uptake.csv")
    ResponseEntity<String> uptakeCsv(
            @RequestParam(name = "lmc", required = false) String lmc,
            @RequestParam(name = "icb", required = false) String icb,
            @RequestParam(name = "on", required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff) {
        UptakeScope scope = access.scope(staff, lmc, icb);
        Uptake.Figures figures = uptake.snapshot().on(access.day(on), scope);
        SpreadsheetCsv csv = new SpreadsheetCsv()
                .row("on", "area", "practices", "action", "title", "practices_taking", "percent", "on_menu");
        for (Uptake.ActionUptake action : figures.actions()) {
            csv.row(
                    figures.on(),
                    scope.describe(),
                    figures.practices(),
                    action.number(),
                    action.title(),
                    action.practicesTaking(),
                    action.percent(),
                    action.onMenu() ? "yes" : "no");
        }
        return download("uptake-" + figures.on() + ".csv", csv);
    }

    @GetMapping("/actions/uptake/icbs.csv")
    ResponseEntity<String> icbsCsv(
            @RequestParam(name = "lmc", required = false) String lmc,
            @RequestParam(name = "on", required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff) {
        UptakeScope scope = access.scope(staff, lmc, null);
        LocalDate day = access.day(on);
        UptakeSnapshot snapshot = uptake.snapshot();
        List<MenuAction> actions = snapshot.actions(scope);
        List<Object> header = new ArrayList<>(List.of("on", "icb_code", "practices"));
        for (MenuAction action : actions) {
            header.add("action_" + action.number() + "_practices");
            header.add("action_" + action.number() + "_percent");
        }
        header.add("icb_name");
        Map<String, String> names = icbNames.all();
        SpreadsheetCsv csv = new SpreadsheetCsv().row(header);
        for (Uptake.IcbFigures icb : snapshot.byIcb(day, scope)) {
            List<Object> row =
                    new ArrayList<>(List.of(day, icb.icbCode(), icb.figures().practices()));
            for (Uptake.ActionUptake action : icb.figures().actions()) {
                row.add(action.practicesTaking());
                row.add(action.percent());
            }
            row.add(names.get(icb.icbCode()));
            csv.row(row);
        }
        return download("uptake-by-icb-" + day + ".csv", csv);
    }

    @GetMapping("/actions/uptake/practices.csv")
    ResponseEntity<String> practicesCsv(
            @RequestParam(name = "lmc", required = false) String lmc,
            @RequestParam(name = "icb", required = false) String icb,
            @RequestParam(name = "on", required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff) {
        UptakeScope scope = access.scope(staff, lmc, icb);
        LocalDate day = access.day(on);
        SpreadsheetCsv csv = new SpreadsheetCsv().row("on", "icb_code", "ods_code", "name", "lmc", "actions");
        for (Uptake.PracticeActions row : uptake.snapshot().practicesOn(day, scope)) {
            csv.row(
                    day,
                    row.practice().icbCode(),
                    row.practice().odsCode(),
                    row.practice().name(),
                    row.practice().lmc(),
                    row.actions().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
        String name =
                scope.icb() == null ? "practices-" + day + ".csv" : "practices-" + scope.icb() + "-" + day + ".csv";
        return download(name, csv);
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<String> invalid(InvalidRequest e) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body(e.getMessage());
    }

    /** Kept by no browser or proxy, as every other download of the project's records ({@code CsvDownload}). */
    private static ResponseEntity<String> download(String fileName, SpreadsheetCsv csv) {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .body(csv.toString());
    }
}
