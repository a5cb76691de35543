package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.WhenFull;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The replay as a page: a year of one real practice's online demand through the router for the set-up chosen on the
 * form. A GET with the form's fields, so a result can be linked to and nothing is stored.
 */
@Controller
class ReplayController {

    record Form(int clinicians, int cap, int reserve, boolean countAdmin, WhenFull whenFull) {}

    /**
     * The form's fields as shown again: what was typed in each box, so a refused value can be put right rather than
     * typed again, the default where nothing was; no mode chosen when the one sent was not one of the two.
     */
    record Shown(String clinicians, String cap, String reserve, boolean countAdmin, String whenFull) {}

    private final JdbcClient jdbc;

    ReplayController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/safe-working/replay")
    String replay(
            @RequestParam(required = false) String clinicians,
            @RequestParam(required = false) String cap,
            @RequestParam(required = false) String reserve,
            @RequestParam(required = false) String countAdmin,
            @RequestParam(required = false) String whenFull,
            HttpServletResponse response,
            Model model) {
        // Each problem by the field to fix, which the error summary links to.
        Map<String, String> problems = new LinkedHashMap<>();
        int clinicianCount = number(
                "clinicians",
                clinicians,
                3,
                ReplaySetUps.FEWEST_CLINICIANS,
                ReplaySetUps.MOST_CLINICIANS,
                "Clinicians must be a whole number from " + ReplaySetUps.FEWEST_CLINICIANS + " to "
                        + ReplaySetUps.MOST_CLINICIANS,
                problems);
        int dailyCap = number(
                "cap",
                cap,
                25,
                0,
                ReplaySetUps.MOST_CAP,
                "The daily cap must be from 0 to " + ReplaySetUps.MOST_CAP,
                problems);
        int urgentReserve = number(
                "reserve",
                reserve,
                0,
                0,
                ReplaySetUps.MOST_RESERVE,
                "The urgent reserve must be from 0 to " + ReplaySetUps.MOST_RESERVE,
                problems);
        WhenFull mode = WhenFull.CLOSE;
        if (whenFull != null && !whenFull.isBlank()) {
            try {
                mode = WhenFull.valueOf(whenFull.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.put(
                        "whenFull",
                        "Choose what the online front door does when full (whenFull): CLOSE or STAY_OPEN_SIGNPOST");
            }
        }
        boolean admin = false;
        if (countAdmin != null && !countAdmin.isBlank()) {
            switch (countAdmin.strip().toLowerCase(Locale.ROOT)) {
                case "yes", "true", "on" -> admin = true;
                case "no", "false", "off" -> admin = false;
                default ->
                    problems.put(
                            "countAdmin",
                            "Whether admin requests count toward the cap (countAdmin) is yes or no, or left out for no");
            }
        }
        Form form = new Form(clinicianCount, dailyCap, urgentReserve, admin, mode);
        model.addAttribute("form", form);
        model.addAttribute(
                "shown",
                new Shown(
                        typedOr(clinicians, clinicianCount),
                        typedOr(cap, dailyCap),
                        typedOr(reserve, urgentReserve),
                        admin,
                        problems.containsKey("whenFull") ? "" : mode.name()));
        model.addAttribute("problems", problems);
        model.addAttribute("hasErrors", !problems.isEmpty());
        if (!problems.isEmpty()) {
            // Nothing is replayed with a value the form does not take, and the answer says the request was refused.
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } else {
            Set<LocalDate> holidays = new HashSet<>(jdbc.sql("select day from capacity.bank_holiday")
                    .query((rs, row) -> rs.getDate("day").toLocalDate())
                    .list());
            DemandReplay.SetUp setUp = new DemandReplay.SetUp(
                    clinicianCount,
                    dailyCap,
                    form.countAdmin(),
                    urgentReserve,
                    mode,
                    new PracticeCalendar(ReplaySetUps.contractCoreHours(), holidays));
            DemandReplay.Result result = DemandReplay.replay(
                    DemandFile.read(
                            ReplaySetUps.SAMPLE_NAME,
                            new java.io.ByteArrayInputStream(ReplaySetUps.sample()),
                            ReplaySetUps.MOST_BYTES),
                    setUp);
            model.addAttribute("result", result);
            model.addAttribute("unmetShare", result.unmetShare().percent());
        }
        return "capacity/replay";
    }

    private static String typedOr(String typed, int otherwise) {
        return typed == null || typed.isBlank() ? String.valueOf(otherwise) : typed;
    }

    private static int number(
            String field,
            String value,
            int otherwise,
            int least,
            int most,
            String problem,
            Map<String, String> problems) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= least && parsed <= most) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        problems.put(field, problem);
        return otherwise;
    }
}
