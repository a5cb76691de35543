package org.gpaction.insights.funding;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.gpaction.support.DebianPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The swingometer's practice is found among its own payments, not among every year's, on PostgreSQL 15 (the version
 * the production stack runs, which cannot skip through an index's leading column as later versions can) and on the
 * plan it keeps for a statement prepared on the server (a generic plan, made without the practice bound). Counted by
 * the blocks of the payments table and its indexes EXPLAIN (ANALYZE, BUFFERS) says the statement's scan of it read
 * (through the primary key, 25 for a practice in the latest year and 70, the whole key, for one in none), on a server
 * of its own holding three years of 6,000 practices' payments and a practice that closed after the second. The years
 * imported are found there a step down the primary key each, as on the embedded server.
 */
class PracticeLookupOnAGenericPlanTests {

    static final int PRACTICES = 6000;

    /**
     * What a lookup by ODS code reads: an index's root and a leaf (and the next, should the practice's entries straddle
     * two), and a block of the table for each of the practice's years, three at most here.
     */
    static final int MOST_BLOCKS = 2 + 1 + 3;

    @TempDir
    static Path work;

    static DebianPostgres postgres;
    static HikariDataSource dataSource;

    @BeforeAll
    static void threeYearsOfPaymentsOnPostgres15() throws Exception {
        postgres = DebianPostgres.start(work);
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(DebianPostgres.USER);
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(2);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas("insights")
                .createSchemas(true)
                .locations("classpath:db/migration/insights")
                .load()
                .migrate();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                        insert into insights.payment (year, ods_code, practice_name, sub_icb_code, contract_type,
                            registered_patients, weighted_patients, global_sum, mpig, pms_balance, qof,
                            total_payments)
                        select y, 'A' || lpad(p::text, 5, '0'), 'Practice ' || p, '00L', 'GMS', 10000, 11000, 1100000,
                               0, 0, 0, 1100000
                        from unnest(array['2021-22', '2022-23', '2023-24']) y,
                             generate_series(1, :practices) p
                        """).param("practices", PRACTICES).update();
        jdbc.sql("""
                        insert into insights.payment (year, ods_code, practice_name, sub_icb_code, contract_type,
                            registered_patients, weighted_patients, global_sum, mpig, pms_balance, qof,
                            total_payments)
                        values ('2021-22', 'C00001', 'Closed Practice', '00L', 'GMS', 9000, 9100, 0, 0, 0, 0, 0),
                               ('2022-23', 'C00001', 'Closed Practice', '00L', 'GMS', 9000, 9200, 0, 0, 0, 0, 0)
                        """).update();
        jdbc.sql("analyze insights.payment").update();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aPracticesLatestYearIsFoundAmongItsOwnPayments() throws Exception {
        try (Connection connection = genericPlans()) {
            Funding funding = funding(connection);

            assertThat(funding.latestYearOf("A00002"))
                    .hasValue(new Funding.PracticeYear("A00002", "Practice 2", new BigDecimal("11000"), "2023-24"));
            assertThat(funding.latestYearOf("C00001"))
                    .as("a practice not in the latest file")
                    .hasValueSatisfying(closed -> {
                        assertThat(closed.year()).isEqualTo("2022-23");
                        assertThat(closed.weightedPatients()).isEqualByComparingTo("9200");
                    });
            assertThat(funding.latestYearOf("B00001"))
                    .as("a practice in no file")
                    .isEmpty();
            for (String practice : new String[] {"A00002", "C00001", "B00001"}) {
                assertThat(PaymentBlocks.read(
                                connection,
                                "(text)",
                                Funding.LATEST_YEAR_OF.replace(":ods", "$1"),
                                "('" + practice + "')"))
                        .as("blocks read to find " + practice + ", of the payments table's "
                                + PaymentBlocks.of(connection, "insights.payment") + " and its primary key's "
                                + PaymentBlocks.of(connection, "insights.payment_pkey"))
                        .isLessThanOrEqualTo(MOST_BLOCKS);
            }
            connection.rollback();
        }
    }

    @Test
    void theYearsImportedAreAStepDownThePrimaryKeyEachOnPostgres15Too() throws Exception {
        try (Connection connection = genericPlans()) {
            assertThat(funding(connection).years()).isEqualTo(FundingOnAGenericPlanTests.YEARS);
            assertThat(PaymentBlocks.read(connection, "", Funding.YEARS, ""))
                    .as("blocks read for three years, a step each and one finding no more, of the payments table's "
                            + PaymentBlocks.of(connection, "insights.payment") + " and its primary key's "
                            + PaymentBlocks.of(connection, "insights.payment_pkey"))
                    .isLessThanOrEqualTo(4 * FundingOnAGenericPlanTests.MOST_BLOCKS_A_STEP);
            connection.rollback();
        }
    }

    private static Connection genericPlans() throws Exception {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local plan_cache_mode = force_generic_plan");
        }
        return connection;
    }

    private static Funding funding(Connection connection) {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        return new Funding(jdbc, new ReferenceFigures(jdbc));
    }
}
