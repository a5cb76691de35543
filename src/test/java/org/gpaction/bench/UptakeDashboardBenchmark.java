package org.gpaction.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The national uptake dashboard over 6,651 practices with two years of choices, fetched over HTTP by a signed-in
 * administrator. Run with {@code ./mvnw -Pbench verify}; prints figures (target: under 300 ms), asserts nothing
 * about time.
 */
@GpActionTest
class UptakeDashboardBenchmark {

    static final int PRACTICES = 6_651;
    static final int RUNS = 30;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void rendersTheNationalDashboard() {
        long loadStart = System.nanoTime();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, closed_on, status, sub_icb_code, nation, contract_type, updated_at)
                        select 'U' || lpad(i::text, 5, '0'), 'UPTAKE BENCH PRACTICE ' || i, 'Y63',
                               'UI' || (i % 42), array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                               case when i % 97 = 0 then date '2025-06-30' end,
                               case when i % 97 = 0 then 'CLOSED' else 'ACTIVE' end,
                               'US' || (i % 106), 'ENGLAND', 'GMS', now()
                        from generate_series(1, :n) i
                        on conflict do nothing
                        """).param("n", PRACTICES).update();
        jdbc.sql("insert into practices.lmc (name) select 'Uptake bench LMC ' || i from generate_series(0, 39) i")
                .update();
        jdbc.sql("""
                        insert into practices.lmc_area (area_code, lmc_id)
                        select 'US' || i, (select id from practices.lmc where name = 'Uptake bench LMC ' || (i % 40))
                        from generate_series(0, 105) i
                        """).update();
        int periods = jdbc.sql("""
                        insert into actions.action_period (ods_code, action_number, from_on, to_on, ended_how)
                        select 'U' || lpad(i::text, 5, '0'), a,
                               date '2024-08-01' + ((i * 31 + a * 17) % 500),
                               case when (i + a) % 5 = 0 then date '2024-08-01' + ((i * 31 + a * 17) % 500) + 30 + (i % 200) end,
                               case when (i + a) % 5 = 0 then 'STOPPED' end
                        from generate_series(1, :n) i, generate_series(1, 10) a
                        where (i * 7 + a * 13) % 10 < 6
                        """).param("n", PRACTICES).update();
        Duration load = Duration.ofNanos(System.nanoTime() - loadStart);

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (int i = 0; i < 5; i++) {
            check(admin.get("/actions/uptake"));
        }
        List<Long> millis = new ArrayList<>();
        String body = "";
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            Http.Response response = admin.get("/actions/uptake");
            millis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            check(response);
            body = response.body();
        }
        Collections.sort(millis);
        List<Long> api = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            check(admin.get("/actions/uptake.csv"));
            api.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
        }
        Collections.sort(api);
        System.out.printf(
                "BENCH uptake: loaded %,d practices and %,d action periods (two years) in %,d ms%n",
                PRACTICES, periods, load.toMillis());
        System.out.printf(
                "BENCH uptake: national dashboard over HTTP, %d runs: median %d ms, p95 %d ms, max %d ms "
                        + "(target under 300 ms; page %,d bytes, %d weekly points)%n",
                RUNS,
                millis.get(RUNS / 2),
                millis.get((int) Math.ceil(RUNS * 0.95) - 1),
                millis.get(RUNS - 1),
                body.length(),
                body.split("<th scope=\"row\" class=\"govuk-table__header\">20").length - 1);
        System.out.printf(
                "BENCH uptake: national CSV by action over HTTP, %d runs: median %d ms, max %d ms%n",
                RUNS, api.get(RUNS / 2), api.get(RUNS - 1));
    }

    private static void check(Http.Response response) {
        if (response.status() != 200) {
            throw new IllegalStateException("The dashboard answered " + response.status());
        }
    }
}
