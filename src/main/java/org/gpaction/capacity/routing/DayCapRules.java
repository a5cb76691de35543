package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;

/**
 * What a change of one day's cap keeps, asked through the API or the board's page alike. A cap below what is already
 * booked is not refused: those patients keep their contacts, so the cap becomes the number booked and the clinician
 * takes no new ones ({@link ClinicianDays#changeCap}).
 */
final class DayCapRules {

    static final String DAY_PASSED = "A day that has passed cannot be changed";

    private DayCapRules() {}

    /**
     * From 0, a clinician who takes no new contacts that day, to the {@link CapLimit}: action 1's daily contact limit on
     * the menu in force, which a higher cap would not be held to while action 1 is in force.
     */
    static boolean isAllowedCap(Integer cap, CapLimit limit) {
        return cap != null && cap >= 0 && cap <= limit.contacts();
    }

    /** What a cap may be, and why no more. */
    static String capRange(CapLimit limit) {
        return "A day's cap is " + limit.range("0 (no new contacts)");
    }

    /** How far ahead a day's caps may be changed: leave, a half day or a locum is known at most this far ahead. */
    static final Period LONGEST_AHEAD = Period.ofYears(1);

    /** Beyond a year from today: more likely a mistyped year than a plan. */
    static boolean isTooFarAhead(LocalDate day, LocalDate today) {
        return day.isAfter(today.plus(LONGEST_AHEAD));
    }

    static String tooFarAhead(LocalDate today) {
        return "A day's caps can be changed at most a year ahead, up to " + today.plus(LONGEST_AHEAD);
    }

    /** As {@link #tooFarAhead}, for a page, which says the day in words. */
    static String tooFarAheadInWords(LocalDate today) {
        return "A day's caps can be changed at most a year ahead, up to " + UkTime.day(today.plus(LONGEST_AHEAD));
    }

    /** Today or a day to come: a day that has passed is evidence, and its caps stay as they were. */
    static boolean mayChange(LocalDate day, LocalDate today) {
        return !day.isBefore(today);
    }

    /**
     * Why a day's caps cannot be changed when the practice does not work it: a bank holiday, or a weekday without core
     * hours. Every request that day is signposted as outside core hours, so a cap would promise room that is not there.
     * A clinician who does not usually work that weekday is another matter: a cap for the day makes them work it (a
     * locum, an extra session).
     */
    static Optional<String> notWorked(PracticeCalendar calendar, LocalDate day) {
        String named = BoardController.DAY.format(day);
        if (calendar.bankHolidays().contains(day)) {
            return Optional.of(named + " is a bank holiday, which is never a working day: nothing is booked then, so"
                    + " its caps cannot be changed");
        }
        if (!calendar.coreHours().containsKey(day.getDayOfWeek())) {
            return Optional.of(named + " is not a working day, as the practice has no core hours on "
                    + day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.UK) + "s: nothing is booked then, so"
                    + " its caps cannot be changed");
        }
        return Optional.empty();
    }
}
