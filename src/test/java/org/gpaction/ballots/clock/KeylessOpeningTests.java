package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The clock never opens a ballot without a trustee's key, whose votes would have nothing to be encrypted to; it leaves
 * it shut, sends no link, and says why in the ballot log, which the ballot's page shows, once each time it is
 * scheduled. On a database of its own, because an opening emails every eligible member.
 */
class KeylessOpeningTests extends OpeningByTheClock {

    @LocalServerPort
    int port;

    @Test
    void aScheduledBallotWhoseKeyIsGoneAtItsOpeningTimeStaysShutAndTheLogSaysWhyOnce() {
        Instant now = clock.instant();
        long id = ScheduledBallots.insert(
                jdbc,
                "No key at the opening",
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(7)),
                now.plus(Duration.ofDays(7)));
        // Scheduled with its key, as scheduling requires; the key row is gone by the opening time.
        TestTrustee.addTo(jdbc, id);
        leftKeylessPastItsOpening(id, now);

        ticks(id, 3);

        assertThat(statusAndOpening(id)).isEqualTo("SCHEDULED never");
        assertThat(onTheRoll(id)).as("nobody put on the roll").isZero();
        assertThat(links(id)).as("no link made").isZero();
        assertThat(count("select count(*) from ballots.ballot_log where ballot_id = :id and action = 'OPENED'", id))
                .isZero();
        assertThat(logged(id, "NOT_OPENED"))
                .as("said once, however many ticks pass")
                .singleElement()
                .asString()
                .contains("it has no trustee's key")
                .contains("Nobody was sent a link");

        Http staff = new Http(port);
        staff.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(staff.get("/ballots/" + id).body())
                .contains("Not opened: no trustee&#39;s key")
                .contains("Not opened at its opening time: it has no trustee&#39;s key");

        // Its roll cut-off passes too: still nobody is put on the roll or sent a link.
        jdbc.sql("update ballots.ballot set roll_cutoff = opens_at where id = :id")
                .param("id", id)
                .update();
        ScheduledBallots.tick(ballotClock, jdbc, id);
        assertThat(count("select count(*) from ballots.ballot where id = :id and roll_frozen_at is not null", id))
                .isEqualTo(1);
        assertThat(onTheRoll(id)).isZero();
        assertThat(links(id)).isZero();

        // The same ballot with its key back is one the clock opens: the key was all that kept it shut.
        TestTrustee.addTo(jdbc, id);
        ScheduledBallots.tick(ballotClock, jdbc, id);
        assertThat(status(id)).isEqualTo("OPEN");
    }

    @Test
    void aBallotLeftKeylessAgainAfterBeingScheduledAgainSaysWhyAgain_onceForThatScheduling() {
        Instant now = clock.instant();
        long id = ScheduledBallots.insert(
                jdbc,
                "Keyless twice",
                now.plus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(7)),
                now.plus(Duration.ofDays(6)));
        leftKeylessPastItsOpening(id, now);
        ScheduledBallots.tick(ballotClock, jdbc, id);
        assertThat(count("select count(*) from ballots.ballot_log where ballot_id = :id and action = 'NOT_OPENED'", id))
                .isEqualTo(1);

        // Unscheduled, given a key and an opening ahead, and scheduled again; its key row is gone by the new opening.
        administration.unschedule(id, "test");
        jdbc.sql("update ballots.ballot set opens_at = :opens where id = :id")
                .param("opens", Timestamp.from(now.plus(Duration.ofHours(1))))
                .param("id", id)
                .update();
        TestTrustee.addTo(jdbc, id);
        administration.schedule(id, "test");
        leftKeylessPastItsOpening(id, now);
        ticks(id, 3);

        assertThat(schedulingsAndRefusals(id, "NOT_OPENED"))
                .as("said again for the new scheduling, and once only however many ticks pass")
                .containsExactly("NOT_OPENED", "UNSCHEDULED", "SCHEDULED", "NOT_OPENED");
        Ballot ballot = ballots.find(id).orElseThrow();
        assertThat(leftShut.why(ballot, clock.instant()))
                .as("the refusal's words send anyone to the log, which says why for this scheduling")
                .hasValueSatisfying(words -> assertThat(words)
                        .startsWith("The clock left this ballot shut at its opening time, ")
                        .contains("and its log says why"));
    }

    /** The ballot's key row gone and its opening time just passed, as the clock finds it. */
    private void leftKeylessPastItsOpening(long id, Instant now) {
        jdbc.sql("delete from ballots.trustee where ballot_id = :id")
                .param("id", id)
                .update();
        jdbc.sql("update ballots.ballot set opens_at = :opens where id = :id")
                .param("opens", Timestamp.from(now.minusSeconds(1)))
                .param("id", id)
                .update();
    }

    @Test
    void aBallotLeftShutForWantOfAKeyCanBeUnscheduledAfterItsOpeningTime_toBeGivenOneAndScheduledAgain() {
        Instant now = clock.instant();
        long id = ScheduledBallots.insert(
                jdbc, "No key, unscheduled", now.minusSeconds(5), now.plus(Duration.ofDays(7)), now.minusSeconds(5));
        ScheduledBallots.tick(ballotClock, jdbc, id);
        assertThat(count("select count(*) from ballots.ballot where id = :id and roll_frozen_at is not null", id))
                .as("shut, its roll cut-off passed too")
                .isEqualTo(1);

        Ballot draft = administration.unschedule(id, "test");

        assertThat(draft.status()).isEqualTo(BallotStatus.DRAFT);
        assertThat(count("select count(*) from ballots.ballot where id = :id and roll_frozen_at is null", id))
                .as("its roll, never made, is not frozen: scheduled again, it is made at the opening")
                .isEqualTo(1);
        assertThat(count(
                        "select count(*) from ballots.ballot_log where ballot_id = :id and action = 'UNSCHEDULED'", id))
                .isEqualTo(1);

        // A ballot that opened, with its key, is not unscheduled.
        long opened = new org.gpaction.ballots.VotingFixtures(jdbc).openBallot(Duration.ofHours(1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> administration.unschedule(opened, "test"))
                .hasMessageContaining("can no longer be unscheduled");
    }

    @Test
    void aKeylessBallotFirstFoundAfterItsCloseStaysScheduled_ratherThanClosingWithNothingToCount() {
        Instant now = clock.instant();
        // As after the app was down over the ballot's whole window: opening, cut-off and close all passed.
        long id = ScheduledBallots.insert(
                jdbc,
                "No key, window passed",
                now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofDays(8)));

        ticks(id, 2);

        assertThat(status(id)).isEqualTo("SCHEDULED");
        assertThat(count("select count(*) from ballots.ballot_log where ballot_id = :id and action = 'CLOSED'", id))
                .isZero();
        assertThat(logged(id, "NOT_OPENED")).singleElement().asString().contains("Unschedule it");
        assertThat(administration.unschedule(id, "test").status()).isEqualTo(BallotStatus.DRAFT);
    }
}
