package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The pages (the receipt, the start page, the privacy notice) and the voting email claim no more secrecy than the
 * system gives: while voting is open whoever runs the database can pair a paper with its voter (seeing only a
 * ciphertext), a receipt proves counting and not content, and who voted is known.
 */
@GpActionTest
class SecrecyLimitsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    RollKeeper rolls;

    @Test
    void theReceiptPageSaysWhoCouldTellWhichPaperIsTheVotersAndNeverThatNobodyCan() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String link = fixtures.credential(ballot, "SECRECY-" + UUID.randomUUID());

        Http voter = new Http(port);
        voter.get("/vote/" + link);
        voter.postForm("/vote/" + link + "/check", Map.of("choice", "0"));
        Http.Response receipt = voter.postForm("/vote/" + link + "/confirm", Map.of("choice", "0"));
        assertThat(receipt.status()).isEqualTo(200);
        assertThat(receipt.body().replaceAll("\\s+", " "))
                .contains("Your vote has been recorded")
                .contains("Your receipt does not show how you voted.")
                .contains("Until voting closes, whoever runs the GP Action database could tell which encrypted paper is"
                        + " yours, but not how you voted.")
                .doesNotContainIgnoringCase("nobody can link");
    }

    @Test
    void theVotingEmailSaysWhatTheEncryptionProtectsAndWhatItDoesNot() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        ReplacementFixtures.Voter voter = fixtures.member(null);

        rolls.addByScrutineer(ballot, voter.number(), "Left off the roll by mistake", "scrutineer@ballots.test");

        TestMailbox.Message voting = TestMailbox.awaitMessageTo(voter.email());
        assertThat(voting.subject()).startsWith("Your ballot:");
        assertThat(voting.body().replaceAll("\\s+", " "))
                .contains("Your vote is secret. It is encrypted as you cast it and only the encrypted vote is stored,"
                        + " so nobody who reads GP Action's database or its backups can see how you voted; only the"
                        + " totals are decrypted. What this does not cover: GP Action's server sees your choice for"
                        + " the moment it encrypts it; all the ballot's trustees together (usually the scrutineer"
                        + " alone) could decrypt a single vote; whoever could change the database before the ballot"
                        + " opened could have put a key of their own in place of a trustee's; and the union, which"
                        + " runs GP Action, can see whether you voted, though not how.")
                .doesNotContainIgnoringCase("nobody, including");
    }

    @Test
    void theStartAndPrivacyPagesSayTheVoteIsStoredEncryptedAndNeverThatNobodyCanSeeIt() {
        Http visitor = new Http(port);
        String start = visitor.get("/").body().replaceAll("\\s+", " ");
        assertThat(start)
                .contains("You never need an account to vote, and your vote is stored only encrypted, with the"
                        + " ballot's public key, so it cannot be read from GP Action's records without the matching"
                        + " private key, which the ballot's trustees hold in shares, every share needed. Whoever could"
                        + " change the database before the ballot opened could have put a key of their own in place"
                        + " of a trustee's; the <a class=\"govuk-link\" href=\"/privacy\">privacy notice</a> says"
                        + " what else this does not cover.")
                .doesNotContain("the private keys the votes were encrypted to")
                .doesNotContainIgnoringCase("nobody can see how you voted");
        String privacy = visitor.get("/privacy").body().replaceAll("\\s+", " ");
        assertThat(privacy)
                .contains("Your choice is encrypted as you cast it and stored only encrypted, on a ballot paper that"
                        + " carries no reference to you and no time finer than the day; only the totals of all the"
                        + " papers are ever decrypted.")
                .contains("GP Action's server sees your choice for the moment it encrypts it, and the ballot's trustees"
                        + " together (usually the independent scrutineer alone) hold the key that could decrypt a"
                        + " single paper.")
                .contains("Until voting closes, whoever runs the database could tell which encrypted paper is yours,"
                        + " but not how you voted; and whoever could change the database before a ballot opens could"
                        + " put a key of their own in place of a trustee's, which the scrutineer's report would show"
                        + " only after the votes were cast.")
                .doesNotContainIgnoringCase("can find out how you voted");
    }

    @Test
    void theScrutineersReportStatesWhatTheEncryptionDoesNotProtect() {
        ClosedBallot ballot = new PublishedResultFixtures(jdbc, results).closed("Report limits", 3, 1, 1);
        Http staff = new Http(port);
        staff.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response report = staff.get("/ballots/" + ballot.id() + "/report");
        assertThat(report.status()).isEqualTo(200);
        String body = report.body().replaceAll("\\s+", " ");
        String limits = body.substring(body.indexOf("id=\"secrecy-limits\""));
        limits = limits.substring(0, limits.indexOf("</div>"));
        assertThat(limits)
                .contains("What this does not protect")
                .contains("whoever ran the database could pair each ballot paper with the member who cast it")
                .contains("they saw only the encrypted paper, never the choice")
                .contains("a receipt proves that a voter's paper was counted, not that it holds the choice they made")
                .contains("who voted is not secret from the union")
                .contains("the marked register")
                .contains("a compromised running server could have recorded choices")
                .contains("all the trustees together could decrypt any paper")
                .contains("backups taken while voting was open still can")
                .contains("only the account that added a key can remove it, and (for a ballot whose keys changed from"
                        + " 7 December 2026 on")
                .contains("was emailed to the ballot's sender address with each key and the joint key; a change of"
                        + " the sender address was emailed to the address it replaced. For such a ballot an"
                        + " administrator could also have removed a key once the account that added it was disabled or"
                        + " no longer a scrutineer, and that removal was emailed like any other")
                .doesNotContain("a change of its sender address, was emailed to the ballot")
                .contains("An administrator could still have disabled the account that added a key, deleted the draft"
                        + " (emailed to its sender address) and made an identical draft with another key")
                .contains("the emails protected this ballot only if its sender address was the scrutineer's own from"
                        + " the start")
                .contains("Whoever could write to the database before the ballot opened could still have put a key of"
                        + " their own in place of a trustee")
                .contains("the count of papers the trustees decrypted for is the turnout GP Action announced at the"
                        + " close");
    }
}
