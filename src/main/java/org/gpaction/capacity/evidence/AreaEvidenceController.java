package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The national or LMC view of many practices' unmet demand, week by week, with its CSV. */
@Controller
class AreaEvidenceController {

    private final Demand demand;
    private final EvidenceScope scopes;
    private final Clock clock;

    private final Practices practices;

    AreaEvidenceController(Demand demand, EvidenceScope scopes, Clock clock, Practices practices) {
        this.demand = demand;
        this.scopes = scopes;
        this.clock = clock;
        this.practices = practices;
    }

    @GetMapping("/safe-working/evidence")
    String area(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Area area = area(staff, from, to, lmc, icb);
        List<Demand.DayCounts> days = demand.daily(
                area.scope().practices(), area.range().from(), area.range().to());
        model.addAttribute("scope", area.scope());
        model.addAttribute("range", area.range());
        model.addAttribute("totals", DemandTotals.of(days, 0));
        model.addAttribute(
                "weeks",
                DemandWeek.weeks(
                        days,
                        demand.weekly(
                                area.scope().practices(),
                                area.range().from(),
                                area.range().to()),
                        area.range().from(),
                        area.range().to()));
        model.addAttribute("lmc", lmc);
        model.addAttribute("icb", icb);
        // Thymeleaf writes a null link parameter as a bare name; an empty list leaves it out of the CSV's and the
        // practices' links, which carry the filter so that a practice's page can lead back to the area as narrowed.
        model.addAttribute("linkLmc", ifSet(lmc));
        model.addAttribute("linkIcb", ifSet(icb));
        model.addAttribute("admin", staff.role() == StaffRole.ADMIN);
        model.addAttribute("recordingPractices", recording(area));
        return "capacity/evidence-area";
    }

    /** The area page's daily figures as a spreadsheet: the same people, practices and days as the page. */
    @GetMapping("/safe-working/evidence.csv")
    void areaCsv(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response)
            throws IOException {
        Area area = area(staff, from, to, lmc, icb);
        EvidenceScope.Range range = area.range();
        DemandCsv.send(
                demand.daily(area.scope().practices(), range.from(), range.to()),
                "demand-" + fileNamePart(area.scope().description()) + "-" + range.from() + "-to-" + range.to()
                        + ".csv",
                response);
    }

    /**
     * The practices in the area that recorded requests or were full in its days, by name, each linked to its own
     * evidence (which everyone who sees the area may see); null for every practice in England, too many to list.
     */
    private List<Practice> recording(Area area) {
        if (area.scope().practices() == null) {
            return null;
        }
        List<String> codes = demand.recording(
                area.scope().practices(), area.range().from(), area.range().to());
        return practices.findAll(codes).values().stream()
                .sorted(Comparator.comparing(Practice::name).thenComparing(Practice::odsCode))
                .toList();
    }

    /** The practices and days that the area page and its CSV both show. */
    private record Area(EvidenceScope.Scope scope, EvidenceScope.Range range) {}

    /**
     * Whose practices the person may see, narrowed by LMC or ICB, and the days: to the day asked for or today, from
     * the Monday twelve weeks before that (or the earliest day there can be figures for) unless asked.
     */
    private Area area(StaffPrincipal staff, String from, String to, String lmc, String icb) {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, null);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate end = EvidenceScope.rangeOnPage(null, to, today).to();
        // The to as given, so that a from after today with no to is refused as after today, not after a to never given.
        EvidenceScope.Range range = EvidenceScope.rangeOnPage(
                from == null || from.isBlank()
                        ? EvidenceScope.earliestFrom(end.minusWeeks(12).with(DayOfWeek.MONDAY))
                                .toString()
                        : from,
                to,
                today);
        return new Area(scope, range);
    }

    /** The value as a link parameter, or none when blank. */
    static List<String> ifSet(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value);
    }

    /** "Capacity LMC (North)" as capacity-lmc-north, for a file name. */
    private static String fileNamePart(String description) {
        String part = description
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        part = part.length() > 60 ? part.substring(0, 60).replaceAll("-+$", "") : part;
        return part.isEmpty() ? "area" : part;
    }
}
