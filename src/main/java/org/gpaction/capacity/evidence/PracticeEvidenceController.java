package org.gpaction.capacity.evidence;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.capacity.setup.CapacityAccess;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One practice's evidence of unmet demand: its day, week or month with a chart and a table under each, its CSV, and a
 * printable monthly pack for the ICB and LMC.
 */
@Controller
class PracticeEvidenceController {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.UK);

    private final CapacityAccess access;
    private final Demand demand;
    private final FrontDoorClosures closures;
    private final Clock clock;

    PracticeEvidenceController(CapacityAccess access, Demand demand, FrontDoorClosures closures, Clock clock) {
        this.access = access;
        this.demand = demand;
        this.closures = closures;
        this.clock = clock;
    }

    @GetMapping("/safe-working/{ods}/evidence")
    String practice(
            @PathVariable String ods,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String on,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toSeeEvidence(staff, ods);
        // The board is for the practice's own staff; an LMC officer goes back to the area's evidence instead.
        model.addAttribute("worksAt", CapacityAccess.worksAt(staff, practice));
        areaFilter(lmc, icb, model);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        if (isSet(from) || isSet(to)) {
            // The days an area's evidence was showing when it linked here, so the practice's figures are of the same.
            if (isSet(period) || isSet(on)) {
                throw InvalidRequest.field(
                        isSet(period) ? "period" : "on", "ask for a period and on, or for from and to, not both");
            }
            EvidenceScope.Range days = EvidenceScope.rangeOnPage(from, to, today);
            fill(practice, days, model);
            model.addAttribute("period", "days");
            model.addAttribute("onDay", days.to());
            model.addAttribute("packMonth", YearMonth.from(days.to()));
            model.addAttribute("earlier", shift(days, -1));
            model.addAttribute("later", shift(days, 1));
            model.addAttribute("pack", false);
            return "capacity/evidence";
        }
        String chosen = period(period);
        LocalDate anchor = parse(on, today);
        EvidenceScope.Range range = switch (chosen) {
            case "day" -> new EvidenceScope.Range(anchor, anchor);
            case "month" ->
                new EvidenceScope.Range(anchor.withDayOfMonth(1), anchor.with(TemporalAdjusters.lastDayOfMonth()));
            default -> {
                LocalDate monday = anchor.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new EvidenceScope.Range(monday, monday.plusDays(6));
            }
        };
        fill(practice, range, model);
        model.addAttribute("period", chosen);
        // Another period, and the month's pack, are of the day asked for: a week's last day can be in the next month.
        model.addAttribute("onDay", anchor);
        model.addAttribute("packMonth", YearMonth.from(anchor));
        model.addAttribute("previous", shift(chosen, anchor, -1));
        model.addAttribute("next", shift(chosen, anchor, 1));
        model.addAttribute("pack", false);
        return "capacity/evidence";
    }

    @GetMapping("/safe-working/{ods}/evidence/pack")
    String pack(
            @PathVariable String ods,
            @RequestParam(required = false) String month,
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String icb,
            @AuthenticationPrincipal StaffPrincipal staff,
            Model model) {
        Practice practice = access.toSeeEvidence(staff, ods);
        // The board is for the practice's own staff; an LMC officer goes back to the area's evidence instead.
        model.addAttribute("worksAt", CapacityAccess.worksAt(staff, practice));
        areaFilter(lmc, icb, model);
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
        EvidenceScope.Range range = EvidenceScope.rangeOnPage(from, to, PracticeCalendar.dayOf(clock.instant()));
        Map<LocalDate, Long> closed = closures.minutesByDay(practice.odsCode(), range.from(), range.to());
        DemandCsv.sendPractice(
                days(practice, range, closed),
                closed,
                practice.odsCode() + "-demand-" + range.from() + "-to-" + range.to() + ".csv",
                response);
    }

    /** The practice's days, and those its front door was closed with no request, as the page and its CSV show them. */
    private List<Demand.DayCounts> days(Practice practice, EvidenceScope.Range range, Map<LocalDate, Long> closed) {
        return FrontDoorClosures.withClosedDays(
                demand.daily(List.of(practice.odsCode()), range.from(), range.to()), closed);
    }

    private void fill(Practice practice, EvidenceScope.Range range, Model model) {
        Map<LocalDate, Long> closed = closures.minutesByDay(practice.odsCode(), range.from(), range.to());
        List<Demand.DayCounts> days = days(practice, range, closed);
        model.addAttribute("practice", practice);
        model.addAttribute("range", range);
        // The way back is to the area's view of the same days, unless a week runs past the dates the area can show.
        model.addAttribute(
                "areaDays", CapacityDates.isWithin(range.from()) && CapacityDates.isWithin(range.to()) ? range : null);
        model.addAttribute(
                "rangeText",
                DAY.format(range.from()) + (range.from().equals(range.to()) ? "" : " to " + DAY.format(range.to())));
        model.addAttribute("days", days);
        model.addAttribute("closed", closed);
        model.addAttribute("dayFormat", DAY);
        model.addAttribute(
                "totals",
                DemandTotals.of(
                        days,
                        closed.values().stream().mapToLong(Long::longValue).sum()));
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

    /**
     * The LMC and ICB the area's evidence was narrowed to when it linked here, carried through this page's links and
     * back; the area's page checks them, and whom the person may see, afresh when they return.
     */
    private static void areaFilter(String lmc, String icb, Model model) {
        model.addAttribute("areaLmc", AreaEvidenceController.ifSet(lmc));
        model.addAttribute("areaIcb", AreaEvidenceController.ifSet(icb));
    }

    /** The week unless another is asked for; a period the page does not show is a question, not a week shown. */
    private static String period(String period) {
        if (period == null || period.isBlank()) {
            return "week";
        }
        String chosen = period.strip().toLowerCase(Locale.ROOT);
        if (!List.of("day", "week", "month").contains(chosen)) {
            throw InvalidRequest.field("period", "period must be day, week or month");
        }
        return chosen;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static LocalDate parse(String on, LocalDate otherwise) {
        if (on == null || on.isBlank()) {
            return otherwise;
        }
        return CapacityDates.dayOnPage("on", on);
    }

    /**
     * As many days before or after these, for the Earlier and Later links; none where they would leave the dates the
     * page can show, so a link never leads to a refusal.
     */
    private static EvidenceScope.Range shift(EvidenceScope.Range days, int by) {
        long length = ChronoUnit.DAYS.between(days.from(), days.to()) + 1;
        EvidenceScope.Range shifted = new EvidenceScope.Range(
                days.from().plusDays(by * length), days.to().plusDays(by * length));
        return CapacityDates.isWithin(shifted.from()) && CapacityDates.isWithin(shifted.to()) ? shifted : null;
    }

    private static LocalDate shift(String period, LocalDate anchor, int by) {
        return switch (period) {
            case "day" -> anchor.plusDays(by);
            case "month" -> anchor.plusMonths(by);
            default -> anchor.plusWeeks(by);
        };
    }
}
