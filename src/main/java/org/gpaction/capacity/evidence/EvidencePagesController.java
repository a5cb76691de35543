package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The evidence of unmet demand as pages: one practice's day, week or month with a chart and a table under each, its
 * CSV and a printable monthly pack for the ICB and LMC; and the national or LMC view of many practices, with its CSV.
 */
@Controller
class EvidencePagesController {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.UK);

    /**
     * @param unmet as {@link Demand.DayCounts#unmet} counts it
     * @param servedFromWaitingList patients booked from the waiting list, counted in none of the others
     */
    public record Totals(
            int requests,
            int booked,
            int diverted,
            int waitlisted,
            int unmet,
            int nhs111Booked,
            long closedMinutes,
            int servedFromWaitingList) {

        public String unmetShare() {
            return share(unmet, requests);
        }
    }

    /** @param unmet as {@link Demand.DayCounts#unmet} counts it */
    public record WeekRow(
            LocalDate weekOf, int practices, int requests, int diverted, int waitlisted, int unmet, int fullBefore10) {

        public String unmetShare() {
            return share(unmet, requests);
        }
    }

    private static String share(int part, int whole) {
        return whole == 0 ? "0.0" : String.format(Locale.UK, "%.1f", 100.0 * part / whole);
    }

    private final CapacityAccess access;
    private final PracticeSetups setups;
    private final Demand demand;
    private final EvidenceScope scopes;
    private final Clock clock;

    EvidencePagesController(
            CapacityAccess access, PracticeSetups setups, Demand demand, EvidenceScope scopes, Clock clock) {
        this.access = access;
        this.setups = setups;
        this.demand = demand;
        this.scopes = scopes;
        this.clock = clock;
    }

    @GetMapping("/safe-working/{ods}/evidence")
    String practice(
            @PathVariable String ods,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String on,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toSeeEvidence(staff, ods);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        String chosen = period == null || period.isBlank() ? "week" : period.strip();
        LocalDate anchor = parse(on, today);
        EvidenceScope.Range range = switch (chosen) {
            case "day" -> new EvidenceScope.Range(anchor, anchor);
            case "month" ->
                new EvidenceScope.Range(anchor.withDayOfMonth(1), anchor.with(TemporalAdjusters.lastDayOfMonth()));
            default -> {
                chosen = "week";
                LocalDate monday = anchor.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new EvidenceScope.Range(monday, monday.plusDays(6));
            }
        };
        fill(practice, range, model);
        model.addAttribute("period", chosen);
        model.addAttribute("previous", shift(chosen, anchor, -1));
        model.addAttribute("next", shift(chosen, anchor, 1));
        model.addAttribute("pack", false);
        return "capacity/evidence";
    }

    @GetMapping("/safe-working/{ods}/evidence/pack")
    String pack(
            @PathVariable String ods,
            @RequestParam(required = false) String month,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toSeeEvidence(staff, ods);
        YearMonth chosen = month == null || month.isBlank()
                ? YearMonth.from(PracticeCalendar.dayOf(clock.instant()))
                : CapacityDates.month("month", month);
        fill(practice, new EvidenceScope.Range(chosen.atDay(1), chosen.atEndOfMonth()), model);
        model.addAttribute("period", "month");
        model.addAttribute("pack", true);
        model.addAttribute("monthText", chosen.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK)));
        return "capacity/evidence";
    }

    @GetMapping("/safe-working/{ods}/evidence.csv")
    void csv(
            @PathVariable String ods,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @AuthenticationPrincipal StaffPrincipal staff,
            HttpServletResponse response)
            throws IOException {
        Practice practice = access.toSeeEvidence(staff, ods);
        EvidenceScope.Range range = EvidenceScope.range(from, to, PracticeCalendar.dayOf(clock.instant()));
        Map<LocalDate, Long> closed = closedMinutes(practice, range);
        DemandCsv.sendPractice(
                Demand.withClosedDays(demand.daily(List.of(practice.odsCode()), range.from(), range.to()), closed),
                closed,
                practice.odsCode() + "-demand-" + range.from() + "-to-" + range.to() + ".csv",
                response);
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
        model.addAttribute("totals", totals(days, 0));
        model.addAttribute(
                "weeks",
                weeks(
                        days,
                        demand.weekly(
                                area.scope().practices(),
                                area.range().from(),
                                area.range().to())));
        model.addAttribute("lmc", lmc);
        model.addAttribute("icb", icb);
        // Thymeleaf writes a null link parameter as a bare name; an empty list leaves it out of the CSV link.
        model.addAttribute("csvLmc", ifSet(lmc));
        model.addAttribute("csvIcb", ifSet(icb));
        model.addAttribute("admin", staff.role() == StaffRole.ADMIN);
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

    /** The practices and days that the area page and its CSV both show. */
    private record Area(EvidenceScope.Scope scope, EvidenceScope.Range range) {}

    /**
     * Whose practices the person may see, narrowed by LMC or ICB, and the days: to the day asked for or today, from
     * the Monday twelve weeks before that unless asked.
     */
    private Area area(StaffPrincipal staff, String from, String to, String lmc, String icb) {
        EvidenceScope.Scope scope = scopes.of(staff, lmc, icb, null);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate end = EvidenceScope.range(null, to, today).to();
        EvidenceScope.Range range = EvidenceScope.range(
                from == null || from.isBlank()
                        ? end.minusWeeks(12).with(DayOfWeek.MONDAY).toString()
                        : from,
                end.toString(),
                today);
        return new Area(scope, range);
    }

    private static List<String> ifSet(String value) {
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

    private Map<LocalDate, Long> closedMinutes(Practice practice, EvidenceScope.Range range) {
        PracticeSetup setup = setups.find(practice.odsCode()).orElse(null);
        return setup == null ? Map.of() : demand.frontDoorClosedMinutes(setup, range.from(), range.to());
    }

    private void fill(Practice practice, EvidenceScope.Range range, Model model) {
        Map<LocalDate, Long> closed = closedMinutes(practice, range);
        List<Demand.DayCounts> days =
                Demand.withClosedDays(demand.daily(List.of(practice.odsCode()), range.from(), range.to()), closed);
        model.addAttribute("practice", practice);
        model.addAttribute("range", range);
        model.addAttribute(
                "rangeText",
                DAY.format(range.from()) + (range.from().equals(range.to()) ? "" : " to " + DAY.format(range.to())));
        model.addAttribute("days", days);
        model.addAttribute("closed", closed);
        model.addAttribute("dayFormat", DAY);
        model.addAttribute(
                "totals",
                totals(days, closed.values().stream().mapToLong(Long::longValue).sum()));
        model.addAttribute("hours", demand.byHour(practice.odsCode(), range.from(), range.to()));
        model.addAttribute("sentTo", demand.sentTo(practice.odsCode(), range.from(), range.to()));
        Map<String, Integer> reasons = new LinkedHashMap<>();
        reasons.put(
                "The practice was full",
                days.stream().mapToInt(Demand.DayCounts::divertedFull).sum());
        reasons.put(
                "Outside core hours",
                days.stream().mapToInt(Demand.DayCounts::divertedOutsideHours).sum());
        reasons.put(
                "Online requests paused",
                days.stream().mapToInt(Demand.DayCounts::divertedPaused).sum());
        reasons.put(
                "NHS 111's allowance used",
                days.stream().mapToInt(Demand.DayCounts::divertedNhs111).sum());
        reasons.put(
                "Signposted by reception",
                days.stream().mapToInt(Demand.DayCounts::divertedByReception).sum());
        model.addAttribute("reasons", reasons);
    }

    static Totals totals(List<Demand.DayCounts> days, long closedMinutes) {
        return new Totals(
                days.stream().mapToInt(Demand.DayCounts::requests).sum(),
                days.stream().mapToInt(Demand.DayCounts::booked).sum(),
                days.stream().mapToInt(Demand.DayCounts::diverted).sum(),
                days.stream().mapToInt(Demand.DayCounts::waitlisted).sum(),
                days.stream().mapToInt(Demand.DayCounts::unmet).sum(),
                days.stream().mapToInt(Demand.DayCounts::nhs111Booked).sum(),
                closedMinutes,
                days.stream().mapToInt(Demand.DayCounts::servedFromWaitingList).sum());
    }

    /**
     * The days' figures by week (from Monday), with how many different practices recorded and were full before 10:00
     * that week: one practice full every day is one practice, not five.
     */
    static List<WeekRow> weeks(List<Demand.DayCounts> days, Map<LocalDate, Demand.WeekPractices> practices) {
        Map<LocalDate, List<Demand.DayCounts>> byWeek = new LinkedHashMap<>();
        days.forEach(d -> byWeek.computeIfAbsent(
                        d.day().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), w -> new ArrayList<>())
                .add(d));
        return byWeek.entrySet().stream()
                .map(e -> week(e.getKey(), e.getValue(), practices.getOrDefault(e.getKey(), NO_PRACTICES)))
                .toList();
    }

    private static final Demand.WeekPractices NO_PRACTICES = new Demand.WeekPractices(0, 0);

    private static WeekRow week(LocalDate weekOf, List<Demand.DayCounts> days, Demand.WeekPractices practices) {
        return new WeekRow(
                weekOf,
                practices.recording(),
                days.stream().mapToInt(Demand.DayCounts::requests).sum(),
                days.stream().mapToInt(Demand.DayCounts::diverted).sum(),
                days.stream().mapToInt(Demand.DayCounts::waitlisted).sum(),
                days.stream().mapToInt(Demand.DayCounts::unmet).sum(),
                practices.fullBefore10());
    }

    private static LocalDate parse(String on, LocalDate otherwise) {
        if (on == null || on.isBlank()) {
            return otherwise;
        }
        return CapacityDates.day("on", on);
    }

    private static LocalDate shift(String period, LocalDate anchor, int by) {
        return switch (period) {
            case "day" -> anchor.plusDays(by);
            case "month" -> anchor.plusMonths(by);
            default -> anchor.plusWeeks(by);
        };
    }
}
