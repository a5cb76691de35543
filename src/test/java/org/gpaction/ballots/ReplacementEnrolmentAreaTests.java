package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.results.Results.AreaTurnout;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A member who missed the roll and asks for a link before the cut-off is put on it as any other member is: with their
 * practice, its ICB and its LMC, so turnout per area and the marked register count them where they work.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementEnrolmentAreaTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Test
    void aMemberAddedOnAskingForALinkIsCountedUnderTheirIcbAndLmc_andTheMarkedRegisterShowsTheirPractice() {
        TestPractices.LmcArea area = TestPractices.addLmcArea(jdbc, "Asking LMC ", "A", "J");
        String practice = TestPractices.addInArea(jdbc, area.icb(), area.subIcb());
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofDays(3), Duration.ofDays(1));
        Voter missed = fixtures.member(practice);

        ReplacementFixtures.ask(new Http(port), missed, missed.email());
        fixtures.awaitRequestsActedOn();

        assertThat(fixtures.liveCredentials(ballot, missed))
                .as("added with a link")
                .isOne();
        assertThat(jdbc.sql("""
                        select concat_ws(' ', coalesce(practice_ods, 'no practice'), coalesce(icb_code, 'no ICB'),
                            coalesce(lmc, 'no LMC'))
                        from ballots.roll_entry
                        where ballot_id = :b and membership_number = :m
                        """)
                        .param("b", ballot)
                        .param("m", missed.number())
                        .query(String.class)
                        .single())
                .isEqualTo(practice + " " + area.icb() + " " + area.lmc());
        assertThat(results.turnoutByIcb(ballot))
                .as("counted under their ICB")
                .filteredOn(turnout -> area.icb().equals(turnout.area()))
                .singleElement()
                .extracting(AreaTurnout::eligible)
                .isEqualTo(1L);
        assertThat(results.turnoutByLmc(ballot).stream().map(AreaTurnout::area).toList())
                .containsExactly(area.lmc());

        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        Http.Response csv = data.signedIn(port, data.scrutineer()).get("/ballots/" + ballot + "/marked-register.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(List.of(csv.body().split("\r\n")))
                .filteredOn(line -> line.startsWith(missed.number() + ","))
                .singleElement()
                .asString()
                .contains("," + practice + ",TEST PRACTICE " + practice + ",");
    }
}
