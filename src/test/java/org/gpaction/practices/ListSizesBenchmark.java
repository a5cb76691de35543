package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * England's list-size series over five years of monthly extracts for a country's worth of practices (60 × 6,500
 * rows), and a group the size of an ICB, written in a transaction that is rolled back so no other test sees them.
 * Prints BENCH lines with each query's plan; asserts only that the figures are right. Run it on its own:
 * {@code ./mvnw -o test -Dtest=ListSizesBenchmark}.
 */
@GpActionTest
class ListSizesBenchmark {

    static final int PRACTICES = 6_500;
    static final int IN_WALES = 400;
    static final int EXTRACTS = 60;
    static final int RUNS = 50;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ListSizes listSizes;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void englandsSeriesIsReadFromTheExtractTotals() {
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("""
                            insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                                postcode, status, sub_icb_code, nation, updated_at)
                            select 'BENCH' || lpad(i::text, 5, '0'), 'BENCH SURGERY ' || i,
                                   case when i <= :wales then 'W00' else 'Y63' end, 'QBENCH' || (i % 42), '{}',
                                   'TS1 1AA', 'ACTIVE', 'SBENCH' || (i % 106),
                                   case when i <= :wales then 'WALES' else 'ENGLAND' end, now()
                            from generate_series(1, :practices) as i
                            """).param("wales", IN_WALES).param("practices", PRACTICES).update();
            jdbc.sql("""
                            insert into practices.list_size (ods_code, extracted_on, patients)
                            select 'BENCH' || lpad(i::text, 5, '0'), date '1950-01-01' + make_interval(months => m),
                                   1000 + i + m
                            from generate_series(0, :extracts - 1) as m, generate_series(:wales + 1, :practices) as i
                            """)
                    .param("wales", IN_WALES)
                    .param("practices", PRACTICES)
                    .param("extracts", EXTRACTS)
                    .update();
            jdbc.sql("""
                            insert into practices.list_size_extract (extracted_on, practices, patients)
                            select extracted_on, count(*), sum(patients)
                            from practices.list_size
                            where ods_code like 'BENCH%'
                            group by extracted_on
                            """).update();
            jdbc.sql("analyze practices.practice, practices.list_size, practices.list_size_extract")
                    .update();

            List<ListSizeTotal> england = listSizes.totalsForEngland().stream()
                    .filter(total -> total.extractedOn().getYear() < 1955)
                    .toList();
            assertThat(england).hasSize(EXTRACTS);
            assertThat(england.get(0).practices()).isEqualTo(PRACTICES - IN_WALES);
            long firstPatients = 0;
            for (int i = IN_WALES + 1; i <= PRACTICES; i++) {
                firstPatients += 1000 + i;
            }
            assertThat(england.get(0).patients()).isEqualTo(firstPatients);
            List<String> icb = new ArrayList<>();
            for (int i = 1; i <= PRACTICES; i += 42) {
                icb.add(String.format("BENCH%05d", i));
            }
            assertThat(listSizes.totals(icb)).hasSizeGreaterThanOrEqualTo(EXTRACTS);

            time(
                    "totalsForEngland, " + IN_WALES + " Welsh practices with no sizes, as in the real file",
                    listSizes::totalsForEngland);
            time("totals, " + icb.size() + " practices", () -> listSizes.totals(icb));
            time("summing every row instead", () -> jdbc.sql("""
                            select l.extracted_on, count(*), sum(l.patients)
                            from practices.list_size l join practices.practice p on p.ods_code = l.ods_code
                            where p.nation = 'ENGLAND'
                            group by l.extracted_on
                            """).query().listOfRows());
            explain(ListSizes.ENGLAND);

            // The worst case: every practice elsewhere has a size in every extract.
            jdbc.sql("""
                            insert into practices.list_size (ods_code, extracted_on, patients)
                            select 'BENCH' || lpad(i::text, 5, '0'), date '1950-01-01' + make_interval(months => m), 1
                            from generate_series(0, :extracts - 1) as m, generate_series(1, :wales) as i
                            """).param("wales", IN_WALES).param("extracts", EXTRACTS).update();
            jdbc.sql("""
                            update practices.list_size_extract
                            set practices = practices + :wales, patients = patients + :wales
                            where extracted_on < date '1955-01-01'
                            """).param("wales", IN_WALES).update();
            jdbc.sql("analyze practices.list_size, practices.list_size_extract").update();
            assertThat(listSizes.totalsForEngland().stream()
                            .filter(total -> total.extractedOn().getYear() < 1955)
                            .findFirst()
                            .orElseThrow())
                    .isEqualTo(england.get(0));
            time("totalsForEngland, " + IN_WALES + " Welsh practices with 60 sizes each", listSizes::totalsForEngland);
            explain(ListSizes.ENGLAND);
        });
    }

    private static void time(String what, Runnable query) {
        for (int i = 0; i < 5; i++) {
            query.run();
        }
        long[] micros = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long started = System.nanoTime();
            query.run();
            micros[i] = (System.nanoTime() - started) / 1_000;
        }
        Arrays.sort(micros);
        System.out.printf(
                "BENCH list sizes: %s: median %.1f ms, 90th percentile %.1f ms, worst %.1f ms over %d runs%n",
                what, micros[RUNS / 2] / 1000.0, micros[RUNS * 9 / 10] / 1000.0, micros[RUNS - 1] / 1000.0, RUNS);
    }

    private void explain(String sql) {
        jdbc.sql("explain (analyze, buffers) " + sql)
                .query(String.class)
                .list()
                .forEach(line -> System.out.println("BENCH plan: " + line));
    }
}
