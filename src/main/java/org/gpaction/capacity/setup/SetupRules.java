package org.gpaction.capacity.setup;

import static org.gpaction.capacity.setup.SetupMistakes.text;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.gpaction.common.web.InvalidRequest;

/**
 * The rules a practice's set-up must keep, each refusal naming its field: the clinicians' in {@link ClinicianRules},
 * the places to send patients' in {@link PlaceRules}, opening hours' in {@link HoursRules}, and the rest here. A cap
 * above the {@link CapLimit} is refused outright: action 1 of the menu in force sets the most contacts a clinician takes
 * a day (25, the safe maximum, as shipped), and a lower cap suits a half day.
 */
final class SetupRules {

    static final int MOST_CLINICIANS = 200;
    /** The most contacts a day a practice can keep back for urgent need (capacity migration V1 holds it to this). */
    static final int MOST_RESERVE = 500;

    static final int MOST_SIGNPOSTS = 20;
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    /** The end of a day, as a closing time: midnight. */
    static final String END_OF_DAY = "24:00";

    /** A set-up that kept every rule; clinicians without an id are new. */
    record Checked(
            List<ClinicianRequestChecked> clinicians,
            Map<DayOfWeek, Hours> coreHours,
            boolean countAdmin,
            int urgentReserve,
            WhenFull whenFull,
            LocalDate icbAgreedClosureOn,
            String onlineConsultationUrl,
            List<Signpost> signposts) {}

    record ClinicianRequestChecked(
            Long id, String label, ClinicianRole role, int dailyCap, Set<DayOfWeek> workingDays) {}

    /**
     * The set-up as saved before, which a save is checked against, read as the save holds the set-up: its clinicians, a
     * cap sent back unchanged being taken though the limit has since gone below it; the days of its core hours; and the
     * urgent reserve (null before the first save), which a refusal of the same reserve sent back names as saved before
     * the limit fell only when the set-up as saved no longer has room for it. The reserve itself is always weighed
     * against the caps as held to the limit.
     */
    record Saved(List<Clinician> clinicians, Set<DayOfWeek> coreDays, Integer urgentReserve) {

        /** A practice not set up yet: every clinician and the reserve are new. */
        static final Saved NONE = new Saved(List.of(), Set.of(), null);

        Saved {
            clinicians = List.copyOf(clinicians);
            coreDays = Set.copyOf(coreDays);
        }

        /** The set-up as found, {@link #NONE} if the practice has none. */
        static Saved of(Optional<PracticeSetup> found) {
            return found.map(setup ->
                            new Saved(setup.clinicians(), setup.coreHours().keySet(), setup.urgentReserve()))
                    .orElse(NONE);
        }

        /** Each saved clinician's cap, by id. */
        Map<Long, Integer> caps() {
            return clinicians.stream().collect(Collectors.toMap(Clinician::id, Clinician::dailyCap));
        }

        /** Whether a reserve sent is the one saved, sent back unchanged. */
        boolean keeps(int reserve) {
            return urgentReserve != null && urgentReserve == reserve;
        }
    }

    /**
     * How a mistake numbers the set-up's clinician n and place n: by where each is in the list sent, as the API takes
     * it, or by the row each was typed in, as the page titles its boxes and leaves an emptied row out of the list.
     */
    record Numbering(List<Integer> clinicianRows, List<Integer> placeRows) {

        /** Clinician 1 is the first sent, as the API's list is numbered. */
        static final Numbering AS_SENT = new Numbering(List.of(), List.of());

        int clinician(int n) {
            return n < clinicianRows.size() ? clinicianRows.get(n) + 1 : n + 1;
        }

        int place(int n) {
            return n < placeRows.size() ? placeRows.get(n) + 1 : n + 1;
        }
    }

    private final SetupMistakes mistakes = new SetupMistakes();
    private final HoursRules hours = new HoursRules(mistakes);
    private final ClinicianRules clinicians;
    private final PlaceRules places;
    private final CapLimit limit;
    private final Saved saved;

    private SetupRules(Numbering numbering, CapLimit limit, Saved saved) {
        this.limit = limit;
        this.saved = saved;
        this.clinicians = new ClinicianRules(mistakes, numbering, hours, limit, saved.caps());
        this.places = new PlaceRules(mistakes, numbering, hours);
    }

    /**
     * Checks a set-up against the set-up as saved: a cap sent back unchanged is taken though the limit has since gone
     * below it; the reserve is weighed against the caps as held all the same.
     *
     * @param limit the most a clinician's cap may be, and the cap of one sent without
     */
    static Checked check(SetupRequest request, Numbering numbering, CapLimit limit, Saved saved) {
        return check(request, numbering, false, limit, saved);
    }

    /**
     * As {@link #check(SetupRequest, Numbering, CapLimit, Saved)}, where capsAsked says a form asks again for a cap the
     * request gives as left out: the caps are then not all known, so the reserve is not weighed against them.
     */
    static Checked check(SetupRequest request, Numbering numbering, boolean capsAsked, CapLimit limit, Saved saved) {
        return new SetupRules(numbering, limit, saved).checked(request, capsAsked);
    }

    private Checked checked(SetupRequest request, boolean capsAsked) {
        if (request == null) {
            throw InvalidRequest.field("clinicians", "Send the set-up as a JSON object with clinicians and coreHours");
        }
        List<ClinicianRequestChecked> clinicians = this.clinicians.checked(request.clinicians());
        Map<DayOfWeek, Hours> coreHours = hours.byDay("coreHours", request.coreHours(), null);
        if (coreHours.isEmpty() && !mistakes.anyAt("coreHours")) {
            error("coreHours", "Give the core hours of at least one weekday, for example MONDAY 08:00 to 18:30");
        }
        int reserve = request.urgentReserve() == null ? 0 : request.urgentReserve();
        if (reserve < 0) {
            error("urgentReserve", "The urgent reserve must be a whole number of contacts, 0 or more");
        } else if (reserve > MOST_RESERVE) {
            error("urgentReserve", "The urgent reserve must be " + MOST_RESERVE + " contacts or fewer");
        } else if (reserve > 0 && !capsAsked && capsKnown(clinicians, coreHours)) {
            // Weighed against the caps as held to the limit on every save, the reserve new, raised or sent back
            // unchanged: a reserve at or above a day's held caps leaves that day no routine room, so every routine
            // request would be turned away. Caps sent back unchanged above the limit are still taken (ClinicianRules).
            int[] caps = capsByDay(
                    clinicians,
                    ClinicianRequestChecked::dailyCap,
                    ClinicianRequestChecked::workingDays,
                    coreHours.keySet());
            DayOfWeek busiest = busiestDay(caps, coreHours.keySet());
            if (reserve >= caps[busiest.ordinal()]) {
                error("urgentReserve", reserveLeavesNoRoom(reserve, busiest, caps[busiest.ordinal()], clinicians));
            }
        }
        WhenFull whenFull = whenFull(request.whenFull());
        LocalDate icbAgreed = date("icbAgreedClosureOn", request.icbAgreedClosureOn());
        if (icbAgreed != null && whenFull == WhenFull.STAY_OPEN_SIGNPOST) {
            error(
                    "icbAgreedClosureOn",
                    "An ICB's agreement to close applies only when the front door closes when full");
        }
        String url = url(request.onlineConsultationUrl());
        List<Signpost> signposts = places.checked(request.signposts());
        mistakes.refuseIfAny();
        return new Checked(
                clinicians,
                coreHours,
                Boolean.TRUE.equals(request.countAdmin()),
                reserve,
                whenFull,
                icbAgreed,
                url,
                signposts);
    }

    /**
     * Whether the clinicians and core hours were given without a mistake, so the caps of each day are known: a reserve
     * weighed against caps refused beside it would be named with a busiest day's caps the set-up cannot have.
     */
    private boolean capsKnown(List<ClinicianRequestChecked> clinicians, Map<DayOfWeek, Hours> coreHours) {
        return !clinicians.isEmpty()
                && !coreHours.isEmpty()
                && !mistakes.anyAt("clinicians")
                && !mistakes.anyAt("coreHours");
    }

    /**
     * The day of core hours on which the caps of the clinicians working come to most, the first of the week of any that
     * tie: routine need is seen only on a day whose caps come to more than the urgent reserve, so a reserve of this
     * day's caps or more leaves no day for it.
     *
     * @param caps what the caps come to each day, as {@link #capsByDay} gives them
     */
    private static DayOfWeek busiestDay(int[] caps, Set<DayOfWeek> coreDays) {
        DayOfWeek busiest = null;
        for (DayOfWeek day : DayOfWeek.values()) {
            if (coreDays.contains(day) && (busiest == null || caps[day.ordinal()] > caps[busiest.ordinal()])) {
                busiest = day;
            }
        }
        return busiest;
    }

    /**
     * What the caps of the clinicians working each day of core hours come to, by {@link DayOfWeek#ordinal()} (0 on the
     * other days), each held to the {@link CapLimit} as it is while action 1 is in force, the only time the urgent
     * reserve is kept: a cap saved at 25 before the menu lowered the limit to 20 leaves routine need only what 20 does.
     * Takes each clinician's cap and working days, all it needs of the set-up sent and the one saved alike.
     */
    private <C> int[] capsByDay(
            List<C> clinicians,
            ToIntFunction<C> dailyCap,
            Function<C, Set<DayOfWeek>> workingDays,
            Set<DayOfWeek> coreDays) {
        int[] caps = new int[DayOfWeek.values().length];
        for (C clinician : clinicians) {
            for (DayOfWeek day : workingDays.apply(clinician)) {
                if (coreDays.contains(day)) {
                    caps[day.ordinal()] += limit.held(dailyCap.applyAsInt(clinician));
                }
            }
        }
        return caps;
    }

    /**
     * The refusal of a reserve of the busiest day's caps or more, naming what those come to and what can be saved
     * instead: with a cap held to the limit that day, which cannot be raised above it, a lower reserve or another
     * clinician that day.
     */
    private String reserveLeavesNoRoom(
            int reserve, DayOfWeek busiest, int caps, List<ClinicianRequestChecked> clinicians) {
        String refusal = "The urgent reserve (" + reserve + ") must be less than the clinicians' caps come to on"
                + " their busiest working day, or no day has room for routine need: " + name(busiest)
                + "'s caps come to " + caps;
        List<String> held = limit.holds(
                working(clinicians, busiest), ClinicianRequestChecked::label, ClinicianRequestChecked::dailyCap);
        if (held.isEmpty()) {
            return refusal + ", so lower the reserve or raise " + name(busiest) + "'s caps above " + reserve;
        }
        return refusal + ", as with action 1 in force " + String.join(" and ", held) + ", " + limit.source()
                + sentBack(reserve)
                + ", so lower the reserve below " + caps + " or add a clinician who works on " + name(busiest) + "s";
    }

    /**
     * Why a reserve sent back unchanged no longer fits, or nothing for a new or changed one. Every save weighed the
     * reserve against the caps as then held, so one without room in the set-up as saved, held to the limit as now, was
     * saved before the limit fell; one with room there is refused for what this save changes.
     */
    private String sentBack(int reserve) {
        if (!saved.keeps(reserve)) {
            return "";
        }
        int[] savedCaps = capsByDay(saved.clinicians(), Clinician::dailyCap, Clinician::workingDays, saved.coreDays());
        boolean fitsAsSaved = saved.coreDays().stream().anyMatch(day -> savedCaps[day.ordinal()] > reserve);
        return fitsAsSaved
                ? "; the reserve of " + reserve + " fits the set-up as saved, but not as changed"
                : "; the reserve of " + reserve + " saved before the limit fell no longer fits";
    }

    private static List<ClinicianRequestChecked> working(List<ClinicianRequestChecked> clinicians, DayOfWeek day) {
        return clinicians.stream().filter(c -> c.workingDays().contains(day)).toList();
    }

    private WhenFull whenFull(String value) {
        try {
            return WhenFull.valueOf(text(value));
        } catch (IllegalArgumentException e) {
            error("whenFull", "Choose what the online front door does when full: CLOSE or STAY_OPEN_SIGNPOST");
            return null;
        }
    }

    private String url(String value) {
        String url = text(value);
        if (url.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(url);
            if (url.length() > 500
                    || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    || uri.getHost() == null) {
                throw new URISyntaxException(url, "not a web address");
            }
        } catch (URISyntaxException e) {
            error(
                    "onlineConsultationUrl",
                    "The online consultation address must be a web address starting https:// (or http://)");
        }
        return url;
    }

    private LocalDate date(String field, String value) {
        String text = text(value);
        if (text.isEmpty()) {
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(field, "Give the date as yyyy-mm-dd, for example 2025-10-01");
            return null;
        }
        if (!CapacityDates.isWithin(date)) {
            error(field, "Give a date from " + CapacityDates.rangeInWords());
            return null;
        }
        return date;
    }

    static String name(DayOfWeek day) {
        return day.getDisplayName(java.time.format.TextStyle.FULL, Locale.UK);
    }

    private void error(String field, String message) {
        mistakes.add(field, message);
    }
}
