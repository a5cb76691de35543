package org.gpaction.support;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts practices straight into the directory for tests that need a few with known properties. */
public final class TestPractices {

    private static final AtomicInteger next = new AtomicInteger((int) (System.nanoTime() % 90000));

    private TestPractices() {}

    /** A fresh ODS code no other test uses, like "Q12345". */
    public static String newCode() {
        return "Q" + String.format("%05d", 10000 + next.getAndIncrement() % 90000);
    }

    /** An open GMS practice in England with a fresh code, for tests that only need one to exist. */
    public static String add(JdbcClient jdbc) {
        return add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
    }

    /** An LMC in the directory with a name no other test uses, like "Test LMC 1A2B3C4D". */
    public static String addLmc(JdbcClient jdbc) {
        String name = "Test LMC "
                + java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        jdbc.sql("insert into practices.lmc (name) values (:name)")
                .param("name", name)
                .update();
        return name;
    }

    /** An LMC's name, the sub-ICB location that is its area, and an ICB code for its practices. */
    public record LmcArea(String lmc, String subIcb, String icb) {}

    /**
     * An LMC of its own for one test, named {@code prefix} and a random tag, with a sub-ICB location in its area (its
     * letter and four hex digits) and an ICB code (its letter and four hex digits) no practice is in yet.
     */
    public static LmcArea addLmcArea(JdbcClient jdbc, String prefix, String areaLetter, String icbLetter) {
        String tag;
        Long lmcId;
        do {
            // Random codes can collide with another test's in the shared database (a sub-ICB code has four hex digits):
            // draw again until the LMC's name, area and ICB are unused.
            tag = java.util.UUID.randomUUID().toString().substring(0, 8).toUpperCase();
            lmcId = jdbc.sql("""
                            with unused as (
                                select 1 where not exists (select 1 from practices.lmc where name = :name)
                                    and not exists (select 1 from practices.lmc_area where area_code = :area)
                                    and not exists (select 1 from practices.practice where icb_code = :icb)
                            ),
                            lmc as (insert into practices.lmc (name) select :name from unused returning id),
                            area as (
                                insert into practices.lmc_area (area_code, lmc_id) select :area, id from lmc
                                returning lmc_id
                            )
                            select lmc_id from area
                            """)
                    .param("name", prefix + tag)
                    .param("area", areaLetter + tag.substring(4, 8))
                    .param("icb", icbLetter + tag.substring(0, 4))
                    .query(Long.class)
                    .optional()
                    .orElse(null);
        } while (lmcId == null);
        return new LmcArea(prefix + tag, areaLetter + tag.substring(4, 8), icbLetter + tag.substring(0, 4));
    }

    /**
     * An open GMS practice in England with a fresh code, in the ICB and sub-ICB location given, for tests that draw
     * areas of their own.
     */
    public static String addInArea(JdbcClient jdbc, String icb, String subIcb) {
        return add(jdbc, "ENGLAND", "ACTIVE", "GMS", null, icb, subIcb);
    }

    public static String add(JdbcClient jdbc, String nation, String status, String contractType, String closedOn) {
        return add(jdbc, nation, status, contractType, closedOn, "QHM", "16C");
    }

    /** A practice with a fresh code, in the ICB and sub-ICB location given. */
    public static String add(
            JdbcClient jdbc,
            String nation,
            String status,
            String contractType,
            String closedOn,
            String icb,
            String subIcb) {
        String code = newCode();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, closed_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:code, :name, :grouping, :icb, array['1 HIGH STREET'], 'TS1 1AA', date '1974-04-01',
                            cast(:closed as date), :status, :subIcb, :nation, :contract, :now)
                        on conflict (ods_code) do nothing
                        """)
                .param("code", code)
                .param("name", "TEST PRACTICE " + code)
                .param("grouping", nation.equals("WALES") ? "W00" : "Y63")
                .param("closed", closedOn)
                .param("status", status)
                .param("nation", nation)
                .param("contract", contractType)
                .param("icb", icb)
                .param("subIcb", subIcb)
                .param("now", java.sql.Timestamp.from(Instant.now()))
                .update();
        return code;
    }
}
