package org.gpaction.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.EligibilityDecision;
import org.gpaction.membership.RuleSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * National scale: 6,651 practices and a 200,000-member roll, every member judged under both rule sets at the 2024
 * roll cut-off. Run with {@code ./mvnw -Pbench verify}; prints figures, asserts nothing about time.
 */
@SpringBootTest
class EligibilityBenchmark {

    static final int PRACTICES = 6_651;
    static final int MEMBERS = 200_000;
    static final Instant CUT_OFF = Instant.parse("2024-07-23T22:59:59Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Eligibility eligibility;

    @Test
    void evaluatesANationalRoll() {
        long loadStart = System.nanoTime();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        select 'B' || lpad(i::text, 5, '0'), 'BENCH PRACTICE ' || i, 'Y63', 'QHM', array['1 ROAD'],
                               'TS1 1AA', date '1974-04-01', 'ACTIVE', '16C',
                               case when i % 16 = 0 then 'WALES' else 'ENGLAND' end,
                               case when i % 10 = 0 then 'APMS' when i % 3 = 0 then 'PMS' else 'GMS' end, now()
                        from generate_series(1, :n) i
                        on conflict do nothing
                        """).param("n", PRACTICES).update();
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        select 'BM' || i, lpad((2000000 + i)::text, 7, '0'), 'Given', 'Family' || i,
                               'bench' || i || '@example.org',
                               case when i % 20 = 0 then 'LAPSED' when i % 7 = 0 then 'TRIAL' else 'ACTIVE' end,
                               date '2024-06-01' - (i % 400), date '2015-01-01', now()
                        from generate_series(1, :n) i
                        """).param("n", MEMBERS).update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        select membership_number, status_since, status from membership.member
                        where membership_number like 'BM%'
                        """).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from,
                            role_to)
                        select 'BM' || i, 0,
                               case when i % 3 = 0 then 'SALARIED' when i % 11 = 0 then 'LOCUM' else 'CONTRACTOR_PARTNER' end,
                               case when i % 11 = 0 and i % 3 <> 0 then null
                                    else 'B' || lpad((1 + i % :practices)::text, 5, '0') end,
                               date '2016-01-01', case when i % 50 = 0 then date '2024-01-31' end
                        from generate_series(1, :n) i
                        """).param("n", MEMBERS).param("practices", PRACTICES).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        select 'BM' || i, 1, 'CONTRACTOR_PARTNER', 'B' || lpad((1 + (i * 7) % :practices)::text, 5, '0'),
                               date '2020-01-01'
                        from generate_series(1, :n, 5) i
                        """).param("n", MEMBERS).param("practices", PRACTICES).update();
        Duration load = Duration.ofNanos(System.nanoTime() - loadStart);

        for (RuleSet ruleSet : RuleSet.values()) {
            eligibility.decideAll(ruleSet, CUT_OFF);
        }
        for (RuleSet ruleSet : RuleSet.values()) {
            System.gc();
            long before = usedHeap();
            long start = System.nanoTime();
            List<EligibilityDecision> decisions = eligibility.decideAll(ruleSet, CUT_OFF);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long eligible =
                    decisions.stream().filter(EligibilityDecision::eligible).count();
            System.out.printf(
                    "BENCH eligibility %s: %,d members judged in %,d ms (%,d eligible; target under 5,000 ms; "
                            + "heap grew %,d MB)%n",
                    ruleSet, decisions.size(), took.toMillis(), eligible, (usedHeap() - before) / (1024 * 1024));
        }
        System.out.printf(
                "BENCH eligibility: loading %,d practices and %,d members took %,d ms%n",
                PRACTICES, MEMBERS, load.toMillis());
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
