package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotEmails;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A ballot the clock first finds late, after the app was down: one whose whole window has passed is never opened
 * (nobody is sent a link to a ballot that has closed). On a database of its own, because an opening emails every
 * eligible member.
 */
class LateOpeningTests extends OwnBallotDatabase {

    @Autowired
    BallotClock ballotClock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    BallotAdministration administration;

    @Test
    void aBallotWithAKeyFirstFoundAfterItsCloseIsNotOpened_sendsNoLinkAndSaysWhyOnce() {
        Instant now = clock.instant();
        // As after the app was down over the ballot's whole window: opening, cut-off and close all passed.
        long id = ScheduledBallots.insert(
                jdbc,
                "Window passed while down",
                now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(8)));
        TestTrustee.addTo(jdbc, id);

        ballotClock.tick();
        ballotClock.tick();

        assertThat(jdbc.sql(
                                "select status || ' ' || coalesce(opened_at::text, 'never') from ballots.ballot where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo("SCHEDULED never");
        assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :id", id))
                .as("nobody put on the roll")
                .isZero();
        assertThat(count("select count(*) from ballots.credential where ballot_id = :id", id))
                .isZero();
        assertThat(jdbc.sql(
                                "select count(*) from notifications.outbox where category = 'ballot-link' and about = :about")
                        .param("about", BallotEmails.about(id))
                        .query(Long.class)
                        .single())
                .as("no link email queued")
                .isZero();
        assertThat(count(
                        "select count(*) from ballots.ballot_log where ballot_id = :id and action in ('OPENED', 'CLOSED')",
                        id))
                .isZero();
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action like 'NOT_OPENED%'")
                        .param("id", id)
                        .query(String.class)
                        .list())
                .as("said once, however many ticks pass")
                .singleElement()
                .asString()
                .contains("its closing time had passed")
                .contains("Nobody was sent a link")
                .contains("Unschedule it");
        assertThat(administration.unschedule(id, "test").status())
                .as("it can be unscheduled, to be given new times")
                .isEqualTo(BallotStatus.DRAFT);
    }

    private long count(String sql, long id) {
        return jdbc.sql(sql).param("id", id).query(Long.class).single();
    }
}
