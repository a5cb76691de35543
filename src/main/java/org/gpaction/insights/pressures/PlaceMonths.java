package org.gpaction.insights.pressures;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.gpaction.insights.imports.GpsOfPractices;
import org.gpaction.insights.workforce.LocationWorkforce;
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
     * Appointments by month, with the GP full-time equivalents of only those places that have appointments that month
     * and whose workforce row then gives their GPs, by LocationWorkforce's one rule, and the GP appointments of those
     * of them whose row records GPs: each place's appointments are set against its own GPs, never against GPs whose
     * appointments were not imported, nor added to the GP appointments of an area whose GPs they add nothing to. A
     * sub-ICB location's month from the sub-ICB file with a practice whose GPs the file does not give ('NA' or 'ND')
     * adds neither; with how many of the places have their GP appointments left out for their GPs not being known (see
     * LOCATION_GPS and PRACTICE_GPS_NOT_KNOWN). {@code :places} are the area's sub-ICB locations or practices, counted
     * as such.
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
     * those of its practices counted so with their appointments in another location. The sub-ICB file gives a
     * location's appointments whole, those of a practice whose GPs the workforce file does not give among them, while
     * its workforce leaves that practice's GPs out (see LocationWorkforce): such a location's month from the sub-ICB
     * file adds neither its GP appointments nor its GPs, and is counted as left out.
     */
    private static final String LOCATION_GPS = """
            sum(case when a.source = 'PRACTICE' then a.gp_of_practices_with_gps
                     when w.practices_gps_not_known = 0
                          and w.gp_fte - coalesce(a.gp_fte_counted_with_practices, 0) > 0 then a.gp end)
                as gp_with_workforce,
            sum(case when a.source = 'PRACTICE' then a.gp_fte_of_practices
                     when w.practices_gps_not_known = 0
                          then w.gp_fte - coalesce(a.gp_fte_counted_with_practices, 0) end) as gp_fte,
            count(*) filter (where a.source = 'SUB_ICB' and w.practices_gps_not_known > 0) as gps_not_known""";

    /**
     * A practice's own month whose workforce row does not give its GPs ('NA' or 'ND', for all its GPs or its fully
     * qualified GPs, as LocationWorkforce has it): its GP appointments are set against no GPs, as those of a practice
     * with no workforce row are, and it says why.
     */
    private static final String PRACTICE_GPS_NOT_KNOWN = ", count(*) filter (where w.month is not null and not ("
            + LocationWorkforce.gpsKnown("w") + ")) as gps_not_known";

    /**
     * An LMC's practices' rows under a location it shares are practice-level: one whose GPs are not known has its GP
     * appointments left out alone, as in a location added up from its practices, and no place is left out.
     */
    private static final String NO_PLACE_LEFT_OUT = ", 0 as gps_not_known";

    private static final String WORKFORCE = """
            select month, %s
            from %s
            group by month
            order by month
            """;

    /** Sub-ICB locations' rows, already added up from their practices at import, added up together. */
    private static final String LOCATIONS = """
            sum(practices) as practices, sum(practices_gps_not_known) as practices_gps_not_known,
            sum(total_patients) as total_patients, sum(gp_fte) as gp_fte, sum(qualified_fte) as qualified_fte""";

    /**
     * One practice's own rows, as the file gives them: its patients as recorded, its GPs not known (null) where the file
     * does not give them, and its fully qualified GPs its own whether or not its row records patients.
     */
    private static final String OWN_ROWS = "count(*) as practices, " + LocationWorkforce.PRACTICES_GPS_NOT_KNOWN + ","
            + " sum(total_patients) as total_patients, sum(gp_fte) as gp_fte, sum(qualified_fte) as qualified_fte";

    /** The practices bound as {@code :codes}, each once, to look their rows up by in turn. */
    private static final String EACH_PRACTICE = "(select distinct unnest(cast(:codes as text[])) as code) asked";

    /** Each practice's rows of a table, looked up by its code in turn, narrowed by a further condition if given. */
    private static final String ROWS_OF_EACH_PRACTICE =
            EACH_PRACTICE + " cross join lateral (select * from insights.%s where ods_code = asked.code%s offset 0) %s";

    /** Only a practice's rows filed under one of the sub-ICB locations bound as {@code :locations}. */
    private static final String UNDER_LOCATIONS = " and sub_icb_code = any(cast(:locations as text[]))";

    /** The GPs beside each month of a practice's appointments {@code a}, looked up by month and code in turn. */
    private static final String GPS_OF_EACH_PRACTICE =
            " left join lateral (select month, gp_fte, qualified_fte from insights.workforce_practice"
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
                    : "insights.appointments_area a left join lateral (select gp_fte, practices_gps_not_known"
                            + " from insights.workforce_area"
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
                        practice ? GpsOfPractices.PRACTICE_GPS + PRACTICE_GPS_NOT_KNOWN : LOCATION_GPS))
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
        return jdbc.sql(String.format(
                        APPOINTMENTS, from, "sub_icb_code", GpsOfPractices.PRACTICE_GPS + NO_PLACE_LEFT_OUT))
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

    /** The workforce of the practices (each its own rows) or sub-ICB locations given, month by month. */
    List<WorkforceMonth> workforce(boolean practice, String[] codes) {
        String from = practice
                ? String.format(ROWS_OF_EACH_PRACTICE, "workforce_practice", "", "r")
                : "insights.workforce_area where sub_icb_code = any(:codes)";
        return jdbc.sql(String.format(WORKFORCE, practice ? OWN_ROWS : LOCATIONS, from))
                .param("codes", codes)
                .query((rs, row) -> workforceMonth(rs))
                .list();
    }

    /**
     * The workforce of the practices given, of only their rows filed under one of the sub-ICB locations given, month by
     * month, added up as a location's are at import (see LocationWorkforce).
     */
    List<WorkforceMonth> workforceUnder(String[] locations, String[] practices) {
        String from = String.format(ROWS_OF_EACH_PRACTICE, "workforce_practice", UNDER_LOCATIONS, "r");
        return jdbc.sql(String.format(WORKFORCE, LocationWorkforce.OF_PRACTICES, from))
                .param("codes", practices)
                .param("locations", locations)
                .query((rs, row) -> workforceMonth(rs))
                .list();
    }

    private static WorkforceMonth workforceMonth(ResultSet rs) throws SQLException {
        return new WorkforceMonth(
                YearMonth.from(rs.getDate("month").toLocalDate()),
                rs.getInt("practices"),
                rs.getInt("practices_gps_not_known"),
                rs.getLong("total_patients"),
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
                rs.getInt("gps_not_known"),
                placesInArea == null ? null : rs.getInt("places"),
                placesInArea);
    }
}
