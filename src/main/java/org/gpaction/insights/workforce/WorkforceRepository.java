package org.gpaction.insights.workforce;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
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
     * Replaces the month's practices and areas, each area added up from its practices as LocationWorkforce says; how
     * many practice rows it replaced.
     */
    int replaceMonth(YearMonth month, List<WorkforceFile.PracticeWorkforce> practices) {
        int replaced = jdbc.sql("delete from insights.workforce_practice where month = :month")
                .param("month", month.atDay(1))
                .update();
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
                .param("codes", text(practices, WorkforceFile.PracticeWorkforce::odsCode))
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
        jdbc.sql("delete from insights.workforce_area where month = :month")
                .param("month", month.atDay(1))
                .update();
        jdbc.sql("""
                        insert into insights.workforce_area
                            (month, sub_icb_code, practices, practices_gps_not_known, total_patients, gp_fte,
                             qualified_fte)
                        select month, sub_icb_code, %s
                        from insights.workforce_practice
                        where month = :month
                        group by month, sub_icb_code
                        """.formatted(LocationWorkforce.OF_PRACTICES))
                .param("month", month.atDay(1))
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
