package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Log lines written under a round's key before the log named rounds in words are read in words. */
class BallotLogDetailTests {

    @Test
    void aRoundLoggedUnderItsKeyIsNamedByItsDaysBeforeTheCloseInTheRightNumber() {
        assertThat(BallotLog.detail("Reminder scheduled-1d sent to 40"))
                .isEqualTo("Scheduled reminder (1 day before the close) sent to 40");
        assertThat(BallotLog.detail("Reminder scheduled-7d sent to 40"))
                .isEqualTo("Scheduled reminder (7 days before the close) sent to 40");
        assertThat(BallotLog.detail("Reminder manual-0f8c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b sent to 40"))
                .isEqualTo("Reminder sent by hand to 40");
    }
}
