package org.gpaction.insights.imports;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.regex.Pattern;

/** The months the monthly publications are for: read as people write them, said as people read them. */
public final class Months {

    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Pattern ISO_MONTH = Pattern.compile("[0-9]{4}-(0[1-9]|1[0-2])");
    private static final DateTimeFormatter SAID = DateTimeFormatter.ofPattern("MMMM uuuu", Locale.UK);

    private Months() {}

    /** The month it is in England at this instant: no file counts anything after it. */
    public static YearMonth current(Instant now) {
        return YearMonth.from(now.atZone(LONDON));
    }

    /** A month written as {@code 2024-03}. */
    public static Optional<YearMonth> parse(String text) {
        String month = text == null ? "" : text.strip();
        return ISO_MONTH.matcher(month).matches() ? Optional.of(YearMonth.parse(month)) : Optional.empty();
    }

    /** Each month as the date of its first day, written out, to bind as a {@code date[]}. */
    public static String[] firstDays(Collection<YearMonth> months) {
        return months.stream().map(month -> month.atDay(1).toString()).toArray(String[]::new);
    }

    /** "March 2019", or "March 2019 to August 2021" for several. */
    public static String period(SortedSet<YearMonth> months) {
        if (months.isEmpty()) {
            return "";
        }
        String first = months.first().format(SAID);
        return months.size() == 1 ? first : first + " to " + months.last().format(SAID);
    }
}
