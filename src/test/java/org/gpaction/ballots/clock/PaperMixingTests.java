package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Once a ballot closes, nothing on disk pairs a ballot paper with the voter who cast it. */
@GpActionTest
class PaperMixingTests {

    static final int VOTERS = 30;

    @Autowired
    Casting casting;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BallotClock ballotClock;

    @Autowired
    Results results;

    @Autowired
    Tallying tallying;

    @Autowired
    DecryptionShares shares;

    @LocalServerPort
    int port;

    @Test
    void afterTheCloseNoPaperSharesATransactionWithItsVoterOrLiesInTheOrderOfCasting() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        Instant closes = Instant.now().plusSeconds(2);
        long ballot = fixtures.ballotWithWindow(Instant.now().minusSeconds(60), closes);
        for (int i = 0; i < VOTERS; i++) {
            casting.cast(fixtures.credential(ballot, "MIX-" + i + "-" + UUID.randomUUID()), i % 3 == 0 ? 1 : 0);
        }
        assertThat(papersSharingATransactionWithACredential(ballot))
                .as("while voting, each paper is written with its voter's credential")
                .isEqualTo(VOTERS);
        // Transaction ids rise as votes are cast, so before the close they give the order of casting.
        List<UUID> castingOrder = papers(ballot, "xmin::text::bigint");

        await().atMost(Duration.ofSeconds(10)).until(() -> !Instant.now().isBefore(closes));
        ballotClock.tick();
        // The scheduler's tick may hold the ballot as this one reaches it, and close it among other tests' due ballots.
        await().atMost(Duration.ofSeconds(60)).until(() -> "CLOSED".equals(status(ballot)));

        assertThat(papersSharingATransactionWithACredential(ballot)).isZero();
        assertThat(jdbc.sql("select count(distinct xmin::text) from ballots.ballot_paper where ballot_id = :b")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        List<UUID> onDisk = papers(ballot, "ctid");
        assertThat(onDisk)
                .as("papers no longer lie on disk in the order they were cast")
                .hasSize(VOTERS)
                .isNotEqualTo(castingOrder);
        long castOneAfterTheOther = IntStream.range(1, VOTERS)
                .filter(i -> castingOrder.indexOf(onDisk.get(i)) == castingOrder.indexOf(onDisk.get(i - 1)) + 1)
                .count();
        assertThat(castOneAfterTheOther)
                .as("neighbours on disk are seldom neighbours in casting (about one pair by chance)")
                .isLessThan(VOTERS / 3);
        assertThat(fixtures.papers(ballot)).isEqualTo(VOTERS);
        TestTrustee.count(jdbc, tallying, shares, ballot);
        assertThat(results.result(ballot).options())
                .extracting(Results.OptionResult::votes)
                .containsExactly(20L, 10L);
        assertThat(results.checkSeal(ballot).unchanged()).isTrue();

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/ballots/" + ballot + "/report").body()).contains("none has changed since the close");
        jdbc.sql("""
                        update ballots.ballot_paper set encrypted = set_byte(encrypted, 39, get_byte(encrypted, 39) # 255)
                        where paper_id = (select min(paper_id::text)::uuid from ballots.ballot_paper where ballot_id = :b)
                        """).param("b", ballot).update();
        assertThat(results.checkSeal(ballot).unchanged())
                .as("a paper changed after the close is detected")
                .isFalse();
        assertThat(admin.get("/ballots/" + ballot + "/report").body())
                .contains("The papers no longer give the hash fixed at the close");
        Http.Response token = new Http(port)
                .postJson(
                        "/api/tokens",
                        java.util.Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD, "name", "seal"));
        Http.Response seal = new Http(port)
                .get(
                        "/api/ballots/" + ballot + "/seal",
                        token.json().get("token").asString());
        assertThat(seal.status()).isEqualTo(200);
        assertThat(seal.json().get("unchanged").asBoolean()).isFalse();
    }

    private long papersSharingATransactionWithACredential(long ballot) {
        return jdbc.sql("""
                        select count(*) from ballots.ballot_paper p
                        where p.ballot_id = :b
                          and exists (select 1 from ballots.credential c where c.ballot_id = :b and c.xmin = p.xmin)
                        """).param("b", ballot).query(Long.class).single();
    }

    private List<UUID> papers(long ballot, String order) {
        return jdbc.sql("select paper_id from ballots.ballot_paper where ballot_id = :b order by " + order)
                .param("b", ballot)
                .query(UUID.class)
                .list();
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(String.class)
                .single();
    }
}
