package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gpaction.ballots.ForgetReplacementRequests;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The requests acted on for one member, counted without keeping who the member is. */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementMemberLimitTests {

    @Autowired
    ReplacementLinks replacements;

    @Autowired
    ReplacementProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aMembersRequestsAreCountedUnderAKeyedHashNotTheirNumber_andStillStopAtTheLimit() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        fixtures.enrol(ballot, voter);
        int limit = properties.requestsPerMembershipNumber();

        for (int asked = 0; asked <= limit; asked++) {
            replacements.answer(new ReplacementRequestCommand(voter.number(), voter.gmc(), voter.email()));
        }

        assertThat(jdbc.sql("select subject from common.failed_attempt where kind = 'REPLACEMENT_FOR_MEMBER'")
                        .query(String.class)
                        .list())
                .hasSize(limit)
                .allSatisfy(
                        subject -> assertThat(subject).matches("[0-9a-f]{64}").doesNotContain(voter.number()))
                .containsOnly(jdbc.sql("select subject from common.failed_attempt"
                                + " where kind = 'REPLACEMENT_FOR_MEMBER' limit 1")
                        .query(String.class)
                        .single());
        assertThat(fixtures.count(
                        "select count(*) from ballots.ballot_log where ballot_id = :ballot"
                                + " and action = 'REPLACEMENT_ISSUED'",
                        ballot))
                .as("a new link for each request up to the limit, none after it")
                .isEqualTo(limit);
    }
}
