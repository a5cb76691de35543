package org.gpaction.capacity.setup;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;

/**
 * Days and months asked for in safe working's pages and API, each refusal naming its field. Far beyond the years any
 * figures or plans are for, date arithmetic and the database fail, so a date outside them is a question to fix.
 */
public final class CapacityDates {

    public static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(2099, 12, 31);

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.UK);

    private CapacityDates() {}

    /** A day written yyyy-mm-dd, from {@link #EARLIEST} to {@link #LATEST}. */
    public static LocalDate day(String field, String value) {
        LocalDate day;
        try {
            day = LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(field, field + " must be a date as yyyy-mm-dd");
        }
        return within(field, day);
    }

    /**
     * A day written yyyy-mm-dd asked for in a page's address, its refusal saying the range in words as pages say dates:
     * "day must be a date from 1 January 2000 to 31 December 2099".
     */
    public static LocalDate dayOnPage(String field, String value) {
        LocalDate day;
        try {
            day = LocalDate.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(field, field + " must be a date as yyyy-mm-dd");
        }
        return withinOnPage(field, day);
    }

    /** A month written yyyy-mm, within the same years (asked for by pages alone, so said in words). */
    public static YearMonth month(String field, String value) {
        YearMonth month;
        try {
            month = YearMonth.parse(value == null ? "" : value.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field(field, field + " must be written yyyy-mm, for example 2026-11");
        }
        if (!isWithin(month.atDay(1))) {
            throw InvalidRequest.field(
                    field, field + " must be a month from " + MONTH.format(EARLIEST) + " to " + MONTH.format(LATEST));
        }
        return month;
    }

    /** The date if it is from {@link #EARLIEST} to {@link #LATEST}; otherwise a question to fix, naming the field. */
    public static LocalDate within(String field, LocalDate date) {
        if (!isWithin(date)) {
            throw InvalidRequest.field(field, field + " must be a date from " + EARLIEST + " to " + LATEST);
        }
        return date;
    }

    /** As {@link #within}, the refusal saying the range in words, for a page. */
    public static LocalDate withinOnPage(String field, LocalDate date) {
        if (!isWithin(date)) {
            throw InvalidRequest.field(field, field + " must be a date from " + rangeInWords());
        }
        return date;
    }

    /**
     * The range in words, "1 January 2000 to 31 December 2099": for a page, and for the API's set-up and bank holidays,
     * which share their pages' checks.
     */
    public static String rangeInWords() {
        return UkTime.day(EARLIEST) + " to " + UkTime.day(LATEST);
    }

    public static boolean isWithin(LocalDate date) {
        return !date.isBefore(EARLIEST) && !date.isAfter(LATEST);
    }
}
