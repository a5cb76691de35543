package org.gpaction.insights.pressures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.gpaction.insights.imports.GpsOfPractices;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The appointments and workforce rows of places (sub-ICB locations, or practices), added up month by month over every
 * place or over those given. The two are statements of their own, never one with a flag bound to choose between
 * them: on the plan PostgreSQL keeps for a statement prepared on the server (a generic plan, made without the flag or
 * the places), one practice's months read every practice's rows. A practice's rows are looked up by its code, and its
 * GPs beside each month by month and code, as subqueries run in turn (offset 0 keeps them so): joined to a list of
 * codes instead, a generic plan could read the whole table and throw the other practices' rows away. Some sub-ICB
 * locations' rows are found through their index by location, and their GPs beside each month looked up in turn too:
 * joined whole, every location's workforce was read for an area of a few. England's workforce is that of its sub-ICB
 * locations of today, as its appointments are, so it is added up from theirs; England's patients per GP beside an
 * area's months are set there by Pressures, which works England's out once for each version of the data.
 */
class PlaceMonths {

    /**
     * Appointments by month, with the GP full-time equivalents of only those places that have both an appointments and
     * a workforce figure that month, and the GP appointments of those of them whose workforce gives them GPs: each
     * place's appointments are set against its own GPs, never against GPs whose appointments were not imported, nor
     * added to the GP appointments of an area whose GPs they add nothing to. {@code :places} are the area's sub-ICB
     * locations or practices, counted as such.
     */
    private static final String APPOINTMENTS = """
            select a.month, sum(a.appointments) as appointments, sum(a.attended) as attended, sum(a.dna) as dna,
                   sum(a.gp) as gp, sum(a.face_to_face) as face_to_face, sum(a.same_day) as same_day,
                   sum(a.over_two_weeks) as over_two_weeks, sum(a.attended + a.dna) as status_known,
                   sum(a.gp + a.other_staff) as hcp_known, sum(a.appointments - a.mode_unknown) as mode_known,
                   sum(a.appointments - a.wait_unknown) as wait_known,
                   %3$s,
                   count(distinct a.%2$s) filter (where a.%2$s = any(:places)) as places
            from %1$s
            group by a.month
            order by a.month
            """;

    /**
     * A sub-ICB location's month added up from its practices has them set against their own GPs at import (see
     * GpsOfPractices); one from the sub-ICB file, the location's GP appointments against its workforce's GPs, less
     * those of its practices counted so with their appointments in another location.
     */
    private static final String LOCATION_GPS = """
            sum(case when a.source = 'PRACTICE' then a.gp_of_practices_with_gps
                     when w.gp_fte - coalesce(a.gp_fte_counted_with_practices, 0) > 0 then a.gp end)
                as gp_with_workforce,
            sum(case when a.source = 'PRACTICE' then a.gp_fte_of_practices
                     else w.gp_fte - coalesce(a.gp_fte_counted_with_practices, 0) end) as gp_fte""";

    private static final String WORKFORCE = """
            select month, %s as practices,
                   coalesce(sum(total_patients) filter (where qualified_fte is not null), 0) as patients,
                   coalesce(sum(gp_fte), 0) as gp_fte, %s as qualified_fte
            from %s
            group by month
            order by month
            """;

    /**
     * The fully qualified GPs of rows already added up, or of one practice's own rows. The patients set against them
     * are those of rows whose GPs are known: a practice the workforce file has no GP data for ('NA') adds neither.
     */
    private static final String QUALIFIED = "coalesce(sum(qualified_fte), 0)";

    /**
     * The fully qualified GPs of practices' rows, of only those whose row records patients, as a sub-ICB location's
     * are added up at import (see WorkforceRepository): a practice whose list is counted under another code adds its
     * GPs to no patients.
     */
    private static final String QUALIFIED_WITH_PATIENTS =
            "coalesce(sum(qualified_fte) filter (where total_patients > 0), 0)";

    /** The practices bound as {@code :codes}, each once, to look their rows up by in turn. */
    private static final String EACH_PRACTICE = "(select distinct unnest(cast(:codes as text[])) as code) asked";

    /** Each practice's rows of a table, looked up by its code in turn, narrowed by a further condition if given. */
    private static final String ROWS_OF_EACH_PRACTICE =
            EACH_PRACTICE + " cross join lateral (select * from insights.%s where ods_code = asked.code%s offset 0) %s";

    /** Only a practice's rows filed under one of the sub-ICB locations bound as {@code :locations}. */
    private static final String UNDER_LOCATIONS = " and sub_icb_code = any(cast(:locations as text[]))";

    /** The GPs beside each month of a practice's appointments {@code a}, looked up by month and code in turn. */
    private static final String GPS_OF_EACH_PRACTICE =
            " left join lateral (select gp_fte from insights.workforce_practice"
                    + " where month = a.month and ods_code = a.ods_code offset 0) w on true";

    private final JdbcClient jdbc;

    PlaceMonths(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The appointments of the practices or sub-ICB locations given, read whole and joined to their GPs at once when
     * {@code every} (England's locations, nearly all there are); with how many of the area's {@code placesInArea} places
     * had figures each month, unless null. Rows under a code that is none of the places given add nothing, England's
     * included: a file may give a month under a code since retired (a CCG merged into today's location), and the
     * figures are said to be of the places counted.
     */
    List<MonthFigures> appointments(boolean practice, boolean every, String[] codes, Integer placesInArea) {
        String from;
        if (!practice) {
            from = every
                    ? "insights.appointments_area a left join insights.workforce_area w"
                            + " on w.month = a.month and w.sub_icb_code = a.sub_icb_code"
                            + " where a.sub_icb_code = any(:codes)"
                    : "insights.appointments_area a left join lateral (select gp_fte from insights.workforce_area"
                            + " where month = a.month and sub_icb_code = a.sub_icb_code offset 0) w on true"
                            + " where a.sub_icb_code = any(:codes)";
        } else if (every) {
            from = "insights.appointments_practice a left join insights.workforce_practice w"
                    + " on w.month = a.month and w.ods_code = a.ods_code";
        } else {
            from = String.format(ROWS_OF_EACH_PRACTICE, "appointments_practice", "", "a") + GPS_OF_EACH_PRACTICE;
        }
        return jdbc.sql(String.format(
                        APPOINTMENTS,
                        from,
                        practice ? "ods_code" : "sub_icb_code",
                        practice ? GpsOfPractices.PRACTICE_GPS : LOCATION_GPS))
                .param("codes", codes)
                .param("places", codes)
                .query((rs, row) -> month(rs, placesInArea))
                .list();
    }

    /**
     * The appointments of the practices given, of only their rows filed under one of the sub-ICB locations given, with
     * how many of the locations {@code places} have such rows each month (of {@code placesInArea}).
     */
    List<MonthFigures> appointmentsUnder(
            String[] locations, String[] places, String[] practices, Integer placesInArea) {
        String from = String.format(ROWS_OF_EACH_PRACTICE, "appointments_practice", UNDER_LOCATIONS, "a")
                + GPS_OF_EACH_PRACTICE;
        return jdbc.sql(String.format(APPOINTMENTS, from, "sub_icb_code", GpsOfPractices.PRACTICE_GPS))
                .param("codes", practices)
                .param("locations", locations)
                .param("places", places)
                .query((rs, row) -> month(rs, placesInArea))
                .list();
    }

    /**
     * England's workforce, month by month, of its sub-ICB locations of today given: rows under a code since retired (a
     * CCG merged into today's location) add nothing, as they add nothing to its appointments. Each month's own figure
     * is England's beside it.
     */
    List<WorkforceMonth> englandWorkforce(String[] locations) {
        return workforce(false, locations).stream()
                .map(month -> month.withEnglandPatientsPerGp(month.patientsPerGp()))
                .toList();
    }

    /**
     * The workforce of the practices or sub-ICB locations given, month by month. A practice's own fully qualified GPs
     * are its own whether or not its row records patients.
     */
    List<WorkforceMonth> workforce(boolean practice, String[] codes) {
        String from = practice
                ? String.format(ROWS_OF_EACH_PRACTICE, "workforce_practice", "", "r")
                : "insights.workforce_area where sub_icb_code = any(:codes)";
        return jdbc.sql(String.format(WORKFORCE, practice ? "count(*)" : "sum(practices)", QUALIFIED, from))
                .param("codes", codes)
                .query((rs, row) -> workforceMonth(rs))
                .list();
    }

    /**
     * The workforce of the practices given, of only their rows filed under one of the sub-ICB locations given, month by
     * month; their fully qualified GPs, as a location's, only of rows with patients.
     */
    List<WorkforceMonth> workforceUnder(String[] locations, String[] practices) {
        String from = String.format(ROWS_OF_EACH_PRACTICE, "workforce_practice", UNDER_LOCATIONS, "r");
        return jdbc.sql(String.format(WORKFORCE, "count(*)", QUALIFIED_WITH_PATIENTS, from))
                .param("codes", practices)
                .param("locations", locations)
                .query((rs, row) -> workforceMonth(rs))
                .list();
    }

    private static WorkforceMonth workforceMonth(ResultSet rs) throws SQLException {
        return new WorkforceMonth(
                YearMonth.from(rs.getDate("month").toLocalDate()),
                rs.getInt("practices"),
                rs.getLong("patients"),
                rs.getBigDecimal("gp_fte"),
                rs.getBigDecimal("qualified_fte"),
                null);
    }

    private static MonthFigures month(ResultSet rs, Integer placesInArea) throws SQLException {
        LocalDate first = rs.getDate("month").toLocalDate();
        YearMonth month = YearMonth.from(first);
        return new MonthFigures(
                month,
                rs.getLong("appointments"),
                rs.getLong("attended"),
                rs.getLong("dna"),
                rs.getLong("gp"),
                rs.getLong("face_to_face"),
                rs.getLong("same_day"),
                rs.getLong("over_two_weeks"),
                rs.getLong("status_known"),
                rs.getLong("hcp_known"),
                rs.getLong("mode_known"),
                rs.getLong("wait_known"),
                null,
                rs.getLong("gp_with_workforce"),
                rs.getBigDecimal("gp_fte"),
                placesInArea == null ? null : rs.getInt("places"),
                placesInArea);
    }
}
