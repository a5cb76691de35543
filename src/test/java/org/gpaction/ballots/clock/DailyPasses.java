package org.gpaction.ballots.clock;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotEmails;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tests of the clock's daily pass over the roll write and read: a partner's role starting on a day, a practice
 * for it, and what the pass made of a ballot, its roll and its link emails.
 */
final class DailyPasses {

    private final JdbcClient jdbc;

    DailyPasses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A GMS practice in England, open, under this name; its ODS code. */
    String englishGmsPractice(String name) {
        String ods = "E"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 5).toUpperCase();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:ods, :name, 'Y63', 'QRC', array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                            'ACTIVE', 'RC1', 'ENGLAND', 'GMS', now())
                        """).param("ods", ods).param("name", name).update();
        return ods;
    }

    /** The voter a contractor or partner at the practice from that day on. */
    void partnerFrom(Voter voter, String practice, LocalDate from) {
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        values (:number, 0, 'CONTRACTOR_PARTNER', :practice, :from)
                        """)
                .param("number", voter.number())
                .param("practice", practice)
                .param("from", Date.valueOf(from))
                .update();
    }

    String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }

    long onRoll(long ballot, Voter voter) {
        return jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                .param("b", ballot)
                .param("m", voter.number())
                .query(Long.class)
                .single();
    }

    /** The ballot's link emails to the voter in the outbox. */
    long linkEmails(long ballot, Voter voter) {
        return jdbc.sql("""
                        select count(*) from notifications.outbox
                        where category = 'ballot-link' and about = :about and recipient = :to
                        """)
                .param("about", BallotEmails.about(ballot))
                .param("to", voter.email())
                .query(Long.class)
                .single();
    }
}
