package org.gpaction.insights.workforce;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The workforce per practice and month, and the same added up per sub-ICB location. */
@Repository
class WorkforceRepository {

    private final JdbcClient jdbc;

    WorkforceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the file's practices in place of the month's earlier practices of each sub-ICB location it has, so a
     * practice it leaves out of one of them has left it, while the month's other locations keep theirs (NHS Digital
     * publishes one file for all of England, but one cut down to some areas is theirs alone); and in place of a
     * practice's earlier row for the month under another location, which it has moved from. The areas' figures of
     * those locations, and of those the practices moved from, are added up again from their practices; answers how
     * many earlier practice rows it replaced or removed. Each area is added up from its practices as LocationWorkforce
     * says.
     */
    int replaceLocations(YearMonth month, List<WorkforceFile.PracticeWorkforce> practices) {
        String[] codes = text(practices, WorkforceFile.PracticeWorkforce::odsCode);
        Set<String> locations =
                new LinkedHashSet<>(List.of(text(practices, WorkforceFile.PracticeWorkforce::subIcbCode)));
        int replaced = jdbc.sql("""
                        delete from insights.workforce_practice
                        where month = :month and sub_icb_code = any(cast(:locations as text[]))
                        """)
                .param("month", month.atDay(1))
                .param("locations", locations.toArray(String[]::new))
                .update();
        List<String> movedFrom = jdbc.sql("""
                        delete from insights.workforce_practice
                        where month = :month and ods_code = any(cast(:codes as text[]))
                        returning sub_icb_code
                        """)
                .param("month", month.atDay(1))
                .param("codes", codes)
                .query(String.class)
                .list();
        replaced += movedFrom.size();
        locations.addAll(movedFrom);
        jdbc.sql("""
                        insert into insights.workforce_practice
                            (month, ods_code, sub_icb_code, icb_code, total_patients, gp_fte, qualified_fte,
                             nurses_fte, dpc_fte, admin_fte)
                        select :month, * from unnest(cast(:codes as text[]), cast(:subIcbCodes as text[]),
                                                     cast(:icbCodes as text[]), cast(:patients as integer[]),
                                                     cast(:gpFte as numeric[]), cast(:qualifiedFte as numeric[]),
                                                     cast(:nursesFte as numeric[]), cast(:dpcFte as numeric[]),
                                                     cast(:adminFte as numeric[]))
                        """)
                .param("month", month.atDay(1))
                .param("codes", codes)
                .param("subIcbCodes", text(practices, WorkforceFile.PracticeWorkforce::subIcbCode))
                .param("icbCodes", text(practices, WorkforceFile.PracticeWorkforce::icbCode))
                .param(
                        "patients",
                        practices.stream()
                                .mapToInt(WorkforceFile.PracticeWorkforce::totalPatients)
                                .toArray())
                .param("gpFte", decimals(practices, WorkforceFile.PracticeWorkforce::gpFte))
                .param("qualifiedFte", decimals(practices, WorkforceFile.PracticeWorkforce::qualifiedFte))
                .param("nursesFte", decimals(practices, WorkforceFile.PracticeWorkforce::nursesFte))
                .param("dpcFte", decimals(practices, WorkforceFile.PracticeWorkforce::dpcFte))
                .param("adminFte", decimals(practices, WorkforceFile.PracticeWorkforce::adminFte))
                .update();
        String[] addedUp = locations.toArray(String[]::new);
        jdbc.sql("""
                        delete from insights.workforce_area
                        where month = :month and sub_icb_code = any(cast(:locations as text[]))
                        """).param("month", month.atDay(1)).param("locations", addedUp).update();
        jdbc.sql("""
                        insert into insights.workforce_area
                            (month, sub_icb_code, practices, practices_gps_not_known, total_patients, gp_fte,
                             qualified_fte)
                        select month, sub_icb_code, %s
                        from insights.workforce_practice
                        where month = :month and sub_icb_code = any(cast(:locations as text[]))
                        group by month, sub_icb_code
                        """.formatted(LocationWorkforce.OF_PRACTICES))
                .param("month", month.atDay(1))
                .param("locations", addedUp)
                .update();
        return replaced;
    }

    private static <T> String[] text(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    /** As text, so the database reads each exactly as written. */
    private static <T> String[] decimals(List<T> rows, Function<T, BigDecimal> value) {
        return rows.stream()
                .map(value)
                .map(number -> number == null ? null : number.toPlainString())
                .toArray(String[]::new);
    }
}
