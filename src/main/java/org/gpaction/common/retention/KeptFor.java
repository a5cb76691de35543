package org.gpaction.common.retention;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.common.DurationWords;
import org.gpaction.common.UkTime;

/**
 * How long one kind of record is kept, as the privacy notice states it. Each module that deletes or aggregates its
 * records after a period declares a bean of this type from the same setting its purge job reads, so the notice
 * cannot say one period while the job keeps to another.
 *
 * @param what the records, as a member of the public would name them ("Voting links and the electoral roll")
 * @param period how long they are kept: a {@link Period} of years, months and days, or a {@link Duration} for a
 *     setting given in hours or minutes, told as the pages and emails tell it ("36 hours", not "1 day")
 * @param from what the period is counted from ("after the ballot's result is published")
 * @param then what happens at the end ("deleted", "added into daily totals and deleted")
 * @param order where the notice lists it, smallest first
 */
public record KeptFor(String what, TemporalAmount period, String from, String then, int order) {

    public KeptFor {
        if (!(period instanceof Period || period instanceof Duration)) {
            throw new IllegalArgumentException("A period kept for is a Period or a Duration, not " + period);
        }
    }

    /**
     * The moment before which records are due to go, as of {@code now}: the period counted back in UK time, as a
     * period of months or years has no fixed length (a duration is counted back exactly).
     */
    public Instant keepSince(Instant now) {
        return now.atZone(UkTime.ZONE).minus(period).toInstant();
    }

    /** The period in words: "90 days", "1 year", "2 years and 6 months", "36 hours". */
    public String periodInWords() {
        return period instanceof Duration duration ? DurationWords.inWords(duration) : inWords((Period) period);
    }

    /** A period in words, as {@link #periodInWords()} gives it. */
    public static String inWords(Period period) {
        List<String> parts = new ArrayList<>();
        add(parts, period.getYears(), "year");
        add(parts, period.getMonths(), "month");
        add(parts, period.getDays(), "day");
        if (parts.isEmpty()) {
            return "no time";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, int n, String unit) {
        if (n != 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }
}
