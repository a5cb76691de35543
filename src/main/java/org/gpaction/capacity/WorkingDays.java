package org.gpaction.capacity;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Working days as the NHS counts them for general practice: Monday to Friday, less England and Wales bank holidays,
 * from the bank holidays recorded here (shipped from 2018, kept up to date by administrators). A year with none
 * recorded is not known, rather than taken to have had no holidays.
 */
@Service
public class WorkingDays {

    private final JdbcClient jdbc;

    WorkingDays(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The working days in the month; check {@link #knows(int)} first, or a year with no holidays counts them all. */
    public int in(YearMonth month) {
        return count(month, holidays(month.atDay(1), month.atEndOfMonth()));
    }

    /** Whether any bank holiday is recorded for the year, so that its working days can be counted. */
    public boolean knows(int year) {
        return jdbc.sql("""
                        select exists (select 1 from capacity.bank_holiday where day between :first and :last)
                        """)
                .param("first", Date.valueOf(LocalDate.of(year, 1, 1)))
                .param("last", Date.valueOf(LocalDate.of(year, 12, 31)))
                .query(Boolean.class)
                .single();
    }

    /**
     * The working days of every month from {@code first} to {@code last} whose year has bank holidays recorded, in
     * one read; months of years with none recorded are left out.
     */
    public Map<YearMonth, Integer> between(YearMonth first, YearMonth last) {
        Set<LocalDate> holidays = holidays(LocalDate.of(first.getYear(), 1, 1), LocalDate.of(last.getYear(), 12, 31));
        Set<Integer> known = holidays.stream().map(LocalDate::getYear).collect(Collectors.toSet());
        Map<YearMonth, Integer> days = new TreeMap<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            if (known.contains(month.getYear())) {
                days.put(month, count(month, holidays));
            }
        }
        return days;
    }

    /**
     * A stamp that changes whenever a bank holiday is added or removed, for callers that keep counts: a digest of every
     * day on record, as a count and a sum of the days miss one holiday moved a day later while another moves a day
     * earlier.
     */
    public String version() {
        return jdbc.sql("""
                        select count(*) || ':' || md5(coalesce(string_agg(day::text, ',' order by day), ''))
                        from capacity.bank_holiday
                        """).query(String.class).single();
    }

    private Set<LocalDate> holidays(LocalDate first, LocalDate last) {
        return jdbc
                .sql("select day from capacity.bank_holiday where day between :first and :last")
                .param("first", Date.valueOf(first))
                .param("last", Date.valueOf(last))
                .query(Date.class)
                .list()
                .stream()
                .map(Date::toLocalDate)
                .collect(Collectors.toSet());
    }

    static int count(YearMonth month, Set<LocalDate> holidays) {
        int days = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (!weekend && !holidays.contains(day)) {
                days++;
            }
        }
        return days;
    }
}
