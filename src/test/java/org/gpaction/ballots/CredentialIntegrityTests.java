package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every credential belongs to a member on its ballot's roll, whatever writes to the tables: the database refuses a
 * credential for anyone else, a roll entry deleted from under a credential, and a credential moved to another member.
 */
@GpActionTest
class CredentialIntegrityTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCredentialForSomeoneNotOnTheRollIsRefused_evenAmongManyWhoAre() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            jdbc.sql("""
                            insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                            values (:ballot, :member, now(), 'test', 'test')
                            """).param("ballot", ballot).param("member", "ROLL" + i).update();
        }

        assertThatThrownBy(() -> issue(ballot, new String[] {"ROLL0", "ROLL1", "NOT-ON-ROLL", "ROLL2"}))
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("not on the ballot's roll");
        assertThat(credentials(ballot)).as("the whole statement was refused").isZero();

        issue(ballot, new String[] {"ROLL0", "ROLL1", "ROLL2"});
        assertThat(credentials(ballot)).isEqualTo(3);
    }

    @Test
    void aRollEntryWithACredentialCannotBeDeleted_andACredentialCannotChangeHands() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        fixtures.credential(ballot, "HOLDER");
        fixtures.credential(ballot, "OTHER");

        assertThatThrownBy(() -> jdbc.sql("delete from ballots.roll_entry where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("a credential still belongs to it");
        assertThatThrownBy(() -> jdbc.sql("""
                                update ballots.credential set membership_number = 'OTHER'
                                where ballot_id = :ballot and membership_number = 'HOLDER'
                                """).param("ballot", ballot).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("never change once it is issued");

        jdbc.sql("delete from ballots.credential where ballot_id = :ballot")
                .param("ballot", ballot)
                .update();
        assertThat(jdbc.sql("delete from ballots.roll_entry where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .update())
                .as("with its credentials gone first, as the retention job does")
                .isEqualTo(2);
    }

    private void issue(long ballot, String[] members) {
        jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        select :ballot, member, now(), 'ACTIVE' from unnest(cast(:members as text[])) as member
                        """).param("ballot", ballot).param("members", members).update();
    }

    private long credentials(long ballot) {
        return jdbc.sql("select count(*) from ballots.credential where ballot_id = :ballot")
                .param("ballot", ballot)
                .query(Long.class)
                .single();
    }
}
