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

    public static String add(JdbcClient jdbc, String nation, String status, String contractType, String closedOn) {
        String code = newCode();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, closed_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:code, :name, :grouping, 'QHM', array['1 HIGH STREET'], 'TS1 1AA', date '1974-04-01',
                            cast(:closed as date), :status, '16C', :nation, :contract, :now)
                        on conflict (ods_code) do nothing
                        """)
                .param("code", code)
                .param("name", "TEST PRACTICE " + code)
                .param("grouping", nation.equals("WALES") ? "W00" : "Y63")
                .param("closed", closedOn)
                .param("status", status)
                .param("nation", nation)
                .param("contract", contractType)
                .param("now", java.sql.Timestamp.from(Instant.now()))
                .update();
        return code;
    }
}
