package org.gpaction.capacity.evidence;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
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
            Model model) {
        List<String> problems = new java.util.ArrayList<>();
        int clinicianCount = number(clinicians, 3, 1, 50, "Clinicians must be a whole number from 1 to 50", problems);
        int dailyCap = number(cap, 25, 0, 25, "The daily cap must be from 0 to 25", problems);
        int urgentReserve = number(reserve, 0, 0, 500, "The urgent reserve must be from 0 to 500", problems);
        WhenFull mode = "STAY_OPEN_SIGNPOST".equals(whenFull) ? WhenFull.STAY_OPEN_SIGNPOST : WhenFull.CLOSE;
        Form form = new Form(clinicianCount, dailyCap, urgentReserve, "yes".equals(countAdmin), mode);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("hasErrors", !problems.isEmpty());
        if (problems.isEmpty()) {
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
                    DemandReplay.read(
                            ReplaySetUps.SAMPLE_NAME,
                            new java.io.ByteArrayInputStream(ReplaySetUps.sample()),
                            ReplaySetUps.MOST_BYTES),
                    setUp);
            model.addAttribute("result", result);
            model.addAttribute(
                    "unmetShare",
                    String.format(
                            java.util.Locale.UK, "%.1f", 100.0 * result.unmet() / Math.max(1, result.requests())));
        }
        return "capacity/replay";
    }

    private static int number(String value, int otherwise, int least, int most, String problem, List<String> problems) {
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
        problems.add(problem);
        return otherwise;
    }
}
