package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.LeftShut;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A scheduled ballot past its opening time that cannot open is said to have been left shut by the clock, whose log
 * says why, only once the clock has written why in its log; before the clock's run (moments after the opening time, or
 * the application down over it) the words give the reason themselves. The ballots open days ahead, so the clock never
 * runs for them here: they are read as at a time past their opening, as on an instance whose clock has not yet run.
 */
@GpActionTest
class LeftShutWordsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BallotRepository ballots;

    @Autowired
    LeftShut leftShut;

    @Test
    void aKeylessBallotPastItsOpeningTimeBeforeTheClocksRunSaysItHasNoKey_notThatTheClocksLogSaysWhy() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant opens = now.plus(Duration.ofDays(1));
        long id = new ResultsTestData(jdbc, new Http(port))
                .ballot(
                        "SCHEDULED",
                        "Keyless, clock not yet run",
                        List.of("Yes", "No"),
                        opens,
                        opens.plus(Duration.ofDays(7)));
        Ballot ballot = ballots.find(id).orElseThrow();

        assertThat(leftShut.why(ballot, opens.plus(Duration.ofHours(1))))
                .contains("It has no trustee's key, so it did not open at its opening time, " + UkTime.format(opens)
                        + " (UK time), and it cannot open until it is unscheduled (and given a key and scheduled"
                        + " again, if wanted)");
        assertThat(logEntries(id)).as("the clock has written nothing").isZero();
    }

    @Test
    void aBallotWhoseWindowPassedBeforeTheClocksRunSaysSo_notThatTheClockLeftItShutAndItsLogSaysWhy() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant opens = now.plus(Duration.ofDays(1));
        Instant closes = opens.plus(Duration.ofDays(7));
        long id = new ResultsTestData(jdbc, new Http(port))
                .ballot("SCHEDULED", "Window passed, clock not yet run", List.of("Yes", "No"), opens, closes);
        TestTrustee.addTo(jdbc, id);
        Ballot ballot = ballots.find(id).orElseThrow();

        assertThat(leftShut.why(ballot, closes.plus(Duration.ofHours(1))))
                .contains("It did not open before its closing time, " + UkTime.format(closes) + " (UK time), passed,"
                        + " so it will not open: it must be unscheduled (and given new times and scheduled again, if"
                        + " wanted)");
        assertThat(logEntries(id)).as("the clock has written nothing").isZero();
    }

    private long logEntries(long id) {
        return jdbc.sql("select count(*) from ballots.ballot_log where ballot_id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }
}
