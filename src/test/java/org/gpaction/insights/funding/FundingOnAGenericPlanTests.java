package org.gpaction.insights.funding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.RowsRead;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An area's funding reads its practices' payments, not every practice's for the year, and the years imported are
 * found a step down the primary key each, not by reading every payment, even on the plan PostgreSQL
 * keeps for a statement prepared on the server (a generic plan, made without the year or the practices bound). Forced
 * here from the first use, and counted by PostgreSQL's own statistics of the rows read, on a database of its own
 * holding three years of 6,000 practices' payments.
 */
class FundingOnAGenericPlanTests {

    static final int PRACTICES = 6000;
    static final List<String> AREA = List.of("A00001", "A00002", "A00003");
    static final List<String> YEARS = List.of("2021-22", "2022-23", "2023-24");

    /**
     * What one step down the primary key to the next year reads: the index's root and a leaf (and the next, should the
     * step land at a leaf's end), the visibility map and a block of the table, each counted again at every step.
     */
    static final int MOST_BLOCKS_A_STEP = 2 + 1 + 1 + 1;

    static ScratchDatabase database;

    @BeforeAll
    static void threeYearsOfPayments() {
        database = new ScratchDatabase("funding_generic_plan", 2);
        database.migrate("insights", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        // Every practice: 10,000 patients, 11,000 weighted, a global sum of £1,100,000; the odd ones GMS, the rest PMS.
        jdbc.sql("""
                        insert into insights.payment (year, ods_code, practice_name, sub_icb_code, contract_type,
                            registered_patients, weighted_patients, global_sum, mpig, pms_balance, qof,
                            total_payments)
                        select y, 'A' || lpad(p::text, 5, '0'), 'Practice ' || p, '00L',
                               case when p % 2 = 1 then 'GMS' else 'PMS' end, 10000, 11000, 1100000, 0, 0, 0, 1100000
                        from unnest(cast(:years as text[])) y, generate_series(1, :practices) p
                        """)
                .param("years", YEARS.toArray(String[]::new))
                .param("practices", PRACTICES)
                .update();
        jdbc.sql("analyze insights.payment").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void anAreasYearReadsOnlyItsPracticesPayments() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Funding funding = new Funding(jdbc, new ReferenceFigures(jdbc));

            long before = RowsRead.inTransaction(jdbc, "insights", "payment");
            Funding.YearFigures all = funding.year("2023-24", AREA, false).orElseThrow();
            Funding.YearFigures gms = funding.year("2023-24", AREA, true).orElseThrow();
            long read = RowsRead.inTransaction(jdbc, "insights", "payment") - before;

            assertThat(all.practices()).isEqualTo(3);
            assertThat(all.weightedPatients()).isEqualByComparingTo("33000");
            assertThat(all.globalSumPerWeightedPatient()).isEqualByComparingTo(new BigDecimal("100.00"));
            assertThat(gms.practices()).as("A00001 and A00003").isEqualTo(2);
            assertThat(read)
                    .as("payments read for the area's three practices twice, and whether the year is imported, of"
                            + " the " + 3 * PRACTICES + " in three years")
                    .isLessThanOrEqualTo(2 * (AREA.size() + 1));
            connection.rollback();
        }
    }

    @Test
    void theYearsImportedAreAStepDownThePrimaryKeyEach_notEveryPaymentRead() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Funding funding = new Funding(jdbc, new ReferenceFigures(jdbc));

            assertThat(funding.years()).isEqualTo(YEARS);
            assertThat(PaymentBlocks.read(connection, "", Funding.YEARS, ""))
                    .as("blocks read for the " + YEARS.size() + " years, a step each and one finding no more, of the"
                            + " payments table's " + PaymentBlocks.of(connection, "insights.payment")
                            + " and its primary key's " + PaymentBlocks.of(connection, "insights.payment_pkey"))
                    .isLessThanOrEqualTo((YEARS.size() + 1) * MOST_BLOCKS_A_STEP);
            connection.rollback();
        }
    }

    @Test
    void noYearIsImportedBeforeAnyPayment() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            jdbc.sql("delete from insights.payment").update();

            assertThat(new Funding(jdbc, new ReferenceFigures(jdbc)).years()).isEmpty();
            connection.rollback();
        }
    }

    @Test
    void everyPracticesYearIsStillTheWholeFile() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Funding funding = new Funding(jdbc, new ReferenceFigures(jdbc));

            assertThat(funding.year("2023-24", null, false).orElseThrow().practices())
                    .isEqualTo(PRACTICES);
            assertThat(funding.year("2023-24", null, true).orElseThrow().practices())
                    .isEqualTo(PRACTICES / 2);
            connection.rollback();
        }
    }

    @Test
    void aYearNotImportedIsEmptyAndAnAreaWithNoPaymentsThatYearIsNot() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            Funding funding = new Funding(jdbc, new ReferenceFigures(jdbc));

            assertThat(funding.year("2024-25", AREA, false))
                    .as("a year not imported")
                    .isEmpty();
            assertThat(funding.year("2020-21", null, false))
                    .as("a year not imported")
                    .isEmpty();
            assertThat(funding.year("2022-23", List.of("B00001"), false))
                    .as("an imported year without the area's practices")
                    .hasValueSatisfying(year -> {
                        assertThat(year.practices()).isZero();
                        assertThat(year.globalSumPerWeightedPatient()).isNull();
                    });
            connection.rollback();
        }
    }
}
