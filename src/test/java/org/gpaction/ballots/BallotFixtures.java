package org.gpaction.ballots;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Ballots and a roll at scale, written straight into the tables: ballots as scheduled, members as the membership
 * import would leave them.
 */
public final class BallotFixtures {

    private BallotFixtures() {}

    /**
     * Adds {@code count} members numbered prefix1…prefixN with GMC numbers from gmcBase + 1, holding one role at
     * the practice, all ACTIVE.
     */
    static void addMembers(
            JdbcClient jdbc, String prefix, int gmcBase, int count, String role, String practice, String emailDomain) {
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        select :prefix || i, lpad((:gmcBase + i)::text, 7, '0'), 'Given', 'Family' || i,
                               lower(:prefix) || i || '@' || :domain, 'ACTIVE', date '2015-01-01', date '2015-01-01', :now
                        from generate_series(1, :n) i
                        """)
                .param("prefix", prefix)
                .param("gmcBase", gmcBase)
                .param("domain", emailDomain)
                .param("now", Timestamp.from(Instant.now()))
                .param("n", count)
                .update();
        jdbc.sql("""
                        insert into membership.member_status (membership_number, since, status)
                        select :prefix || i, date '2015-01-01', 'ACTIVE' from generate_series(1, :n) i
                        """).param("prefix", prefix).param("n", count).update();
        jdbc.sql("""
                        insert into membership.member_role (membership_number, position, role, practice_ods, role_from)
                        select :prefix || i, 0, :role, :practice, date '2016-01-01' from generate_series(1, :n) i
                        """)
                .param("prefix", prefix)
                .param("role", role)
                .param("practice", practice)
                .param("n", count)
                .update();
    }

    /**
     * Adds {@code count} scheduled ballots titled "Ballot 1"…"Ballot N", all with the same window, in one statement: for
     * tests that plan statements over many ballots' rows.
     */
    public static void insertBallots(JdbcClient jdbc, int count) {
        jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at)
                        select 'Ballot ' || b, 'Question', array['Yes', 'No'], 'GP_PARTNERS',
                               timestamptz '2026-03-01 09:00Z', timestamptz '2026-03-15 17:00Z',
                               timestamptz '2026-03-01 09:00Z', 'Scrutineer', 'ballots@example.org', 'SCHEDULED',
                               'admin@example.org', timestamptz '2026-02-01 09:00Z'
                        from generate_series(1, :count) b
                        """).param("count", count).update();
    }
}
