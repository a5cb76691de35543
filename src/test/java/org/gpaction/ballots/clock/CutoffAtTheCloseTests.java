package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.ballots.ballot.InvalidBallot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A member put on the roll at or after the close could never vote, yet the close would count them as eligible: a
 * cut-off must come before the close, and the roll's last pass adds nobody once voting has closed. On a database of
 * its own, because the last pass emails every member it adds.
 */
class CutoffAtTheCloseTests extends OwnBallotDatabase {

    @Autowired
    BallotAdministration administration;

    @Autowired
    BallotClock ballotClock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        if (practice != null) {
            jdbc.sql("delete from membership.member_role where practice_ods = :p")
                    .param("p", practice)
                    .update();
        }
    }

    @Test
    void aCutoffAtTheCloseIsRefusedNamingTheCutoff_andNothingIsMade() {
        long before = ballots();
        Instant closes = Instant.parse("2099-07-29T11:00:00Z");

        assertThatThrownBy(() -> administration.create(command(closes, closes), "test"))
                .isInstanceOf(InvalidBallot.class)
                .hasMessage("The roll cut-off must be before voting closes: a member added at the close could not"
                        + " vote");
        assertThat(ballots()).isEqualTo(before);
        assertThat(administration
                        .create(command(closes, closes.minus(Duration.ofMinutes(1))), "test")
                        .rollCutoff())
                .isEqualTo(closes.minus(Duration.ofMinutes(1)));
    }

    @Test
    void theLastPassAddsNobodyOnceVotingHasClosed_theRollIsFrozenAndTheBallotClosed() {
        practice = englishGmsPractice();
        Voter eligible = new ReplacementFixtures(jdbc).member(practice);
        Instant now = clock.instant();
        // As after the app was down over the cut-off and the close: both have passed, the roll still open.
        long id = openBallotWithRollOpen(now.minus(Duration.ofDays(2)), now.minusSeconds(60), now.minusSeconds(120));

        ScheduledBallots.tick(ballotClock, jdbc, id);

        assertThat(jdbc.sql("select status from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("CLOSED");
        assertThat(jdbc.sql("select count(*) from ballots.roll_entry where ballot_id = :id and membership_number = :m")
                        .param("id", id)
                        .param("m", eligible.number())
                        .query(Long.class)
                        .single())
                .as("nobody added who could not vote")
                .isZero();
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'ROLL_FROZEN'")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .contains("nobody added in a last pass: voting had closed");
    }

    private long openBallotWithRollOpen(Instant opens, Instant closes, Instant cutoff) {
        long id = jdbc.sql("""
                        insert into ballots.ballot (title, question, options, rule_set, opens_at, closes_at,
                            roll_cutoff, scrutineer_name, sender_address, status, created_by, created_at, opened_at)
                        values ('Closed while down', 'Yes or no?', array['Yes','No'], 'GP_PARTNERS_ENGLAND', :opens,
                            :closes, :cutoff, 'Scrutineer', 'ballots@scrutineer.example', 'OPEN', 'test', now(), :opens)
                        returning id
                        """)
                .param("opens", Timestamp.from(opens))
                .param("closes", Timestamp.from(closes))
                .param("cutoff", Timestamp.from(cutoff))
                .query(Long.class)
                .single();
        TestTrustee.addTo(jdbc, id);
        return id;
    }

    private static CreateBallotCommand command(Instant closes, Instant cutoff) {
        return new CreateBallotCommand(
                "Cut-off " + UUID.randomUUID(),
                "Are you prepared to take action?",
                List.of("Yes", "No"),
                "GP_PARTNERS_ENGLAND",
                Instant.parse("2099-06-17T08:00:00Z"),
                closes,
                cutoff,
                "Independent Scrutineer Ltd",
                "ballots@scrutineer.example");
    }

    private long ballots() {
        return jdbc.sql("select count(*) from ballots.ballot").query(Long.class).single();
    }

    private String englishGmsPractice() {
        String ods = "C"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 5).toUpperCase();
        jdbc.sql("""
                        insert into practices.practice (ods_code, name, national_grouping, icb_code, address_lines,
                            postcode, opened_on, status, sub_icb_code, nation, contract_type, updated_at)
                        values (:ods, 'CUTOFF PRACTICE', 'Y63', 'QRC', array['1 ROAD'], 'TS1 1AA', date '1974-04-01',
                            'ACTIVE', 'RC1', 'ENGLAND', 'GMS', now())
                        """).param("ods", ods).update();
        return ods;
    }
}
