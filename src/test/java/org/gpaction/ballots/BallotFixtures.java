package org.gpaction.ballots;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A roll at scale, written straight into the membership tables as the membership import would leave it. */
final class BallotFixtures {

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
}
