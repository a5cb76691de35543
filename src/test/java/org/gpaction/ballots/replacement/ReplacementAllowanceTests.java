package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gpaction.ballots.ForgetReplacementRequests;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Anyone who knows a member's membership and GMC numbers can ask in their name. Requests that only wait for the
 * scrutineer send nothing, so they do not count against the member: the member's own request is still acted on.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementAllowanceTests {

    @Autowired
    ReplacementLinks replacements;

    @Autowired
    ReplacementProperties properties;

    @Autowired
    JdbcClient jdbc;

    @Test
    void requestsForOtherAddressesDoNotUseUpTheMembersAllowance_theirOwnRequestStillSendsALink() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        fixtures.enrol(ballot, voter);

        for (int asked = 0; asked <= properties.requestsPerMembershipNumber(); asked++) {
            replacements.answer(new ReplacementRequestCommand(
                    voter.number(), voter.gmc(), TestMailbox.uniqueAddress("someone-else")));
        }
        replacements.answer(new ReplacementRequestCommand(voter.number(), voter.gmc(), voter.email()));

        assertThat(fixtures.count(
                        "select count(*) from ballots.ballot_log where ballot_id = :ballot"
                                + " and action = 'REPLACEMENT_ISSUED'",
                        ballot))
                .as("the member's own request sent them a new link")
                .isOne();
        assertThat(fixtures.count(
                        "select count(*) from ballots.replacement_request where ballot_id = :ballot"
                                + " and state = 'WAITING'",
                        ballot))
                .as("the request for another address still waits for the scrutineer")
                .isOne();
    }
}
