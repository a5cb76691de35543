package org.gpaction.insights.funding;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The payments files' rows, one per practice and year. */
@Repository
class Payments {

    private final JdbcClient jdbc;

    Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a year's rows in place of any imported before; answers how many earlier rows were replaced. */
    int replaceYear(String year, List<PaymentsFile.Payment> rows) {
        int replaced = jdbc.sql("delete from insights.payment where year = :year")
                .param("year", year)
                .update();
        jdbc.sql("""
                        insert into insights.payment
                            (year, ods_code, practice_name, sub_icb_code, contract_type, dispensing, rurality,
                             registered_patients, weighted_patients, global_sum, mpig, pms_balance, qof,
                             total_payments)
                        select :year, * from unnest(
                            cast(:codes as text[]), cast(:names as text[]), cast(:subIcbs as text[]),
                            cast(:types as text[]), cast(:dispensing as boolean[]), cast(:rurality as text[]),
                            cast(:registered as numeric[]), cast(:weighted as numeric[]),
                            cast(:globalSum as numeric[]), cast(:mpig as numeric[]), cast(:pms as numeric[]),
                            cast(:qof as numeric[]), cast(:total as numeric[]))
                        """)
                .param("year", year)
                .param("codes", column(rows, PaymentsFile.Payment::odsCode, String[]::new))
                .param("names", column(rows, PaymentsFile.Payment::practiceName, String[]::new))
                .param("subIcbs", column(rows, PaymentsFile.Payment::subIcbCode, String[]::new))
                .param(
                        "types",
                        column(
                                rows,
                                p -> p.contractType() == null
                                        ? null
                                        : p.contractType().name(),
                                String[]::new))
                .param("dispensing", column(rows, PaymentsFile.Payment::dispensing, Boolean[]::new))
                .param("rurality", column(rows, PaymentsFile.Payment::rurality, String[]::new))
                .param("registered", amounts(rows, PaymentsFile.Payment::registeredPatients))
                .param("weighted", amounts(rows, PaymentsFile.Payment::weightedPatients))
                .param("globalSum", amounts(rows, PaymentsFile.Payment::globalSum))
                .param("mpig", amounts(rows, PaymentsFile.Payment::mpig))
                .param("pms", amounts(rows, PaymentsFile.Payment::pmsBalance))
                .param("qof", amounts(rows, PaymentsFile.Payment::qof))
                .param("total", amounts(rows, PaymentsFile.Payment::totalPayments))
                .update();
        jdbc.sql("""
                        insert into insights.area_name (code, kind, name)
                        select distinct on (sub_icb_code) sub_icb_code, 'SUB_ICB', name
                        from unnest(cast(:subIcbs as text[]), cast(:names as text[])) as a(sub_icb_code, name)
                        where sub_icb_code is not null and name is not null
                        order by sub_icb_code
                        on conflict (code) do nothing
                        """)
                .param("subIcbs", column(rows, PaymentsFile.Payment::subIcbCode, String[]::new))
                .param("names", column(rows, PaymentsFile.Payment::subIcbName, String[]::new))
                .update();
        return replaced;
    }

    /** Amounts go as text and are cast in SQL: exact, whatever the driver does with decimal arrays. */
    private static String[] amounts(List<PaymentsFile.Payment> rows, Function<PaymentsFile.Payment, BigDecimal> value) {
        return rows.stream().map(row -> value.apply(row).toPlainString()).toArray(String[]::new);
    }

    private static <T> T[] column(
            List<PaymentsFile.Payment> rows,
            Function<PaymentsFile.Payment, T> value,
            java.util.function.IntFunction<T[]> array) {
        return rows.stream().map(value).toArray(array);
    }
}
