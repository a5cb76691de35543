package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.Map;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ballot mail comes from the ballot's independent scrutineer: From their name at the ballot's sender address, and
 * Reply-To the same, read from the headers the test SMTP server received. Other mail keeps the application's sender.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ScrutineerMailTests {

    static final String SCRUTINEER = "Électoral Scrutineers Ltd, \"ESL\"";
    static final String SENDER = "ballots@scrutineer.example";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RollKeeper rolls;

    @Autowired
    Outbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @Test
    void votingReplacementAndReminderEmailsComeFromTheScrutineerAndRepliesGoBackToThem() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        jdbc.sql("update ballots.ballot set scrutineer_name = :name where id = :id")
                .param("name", SCRUTINEER)
                .param("id", ballot)
                .update();
        Voter voter = fixtures.member(null);

        rolls.addByScrutineer(ballot, voter.number(), "Left off the roll by mistake", "scrutineer@ballots.test");
        TestMailbox.Message voting = TestMailbox.awaitMessageTo(voter.email());
        assertThat(voting.subject()).startsWith("Your ballot:");
        assertFromTheScrutineer(voting);

        ReplacementFixtures.ask(new Http(port), voter, voter.email());
        TestMailbox.Message replacement =
                TestMailbox.awaitMessagesTo(voter.email(), 2).get(1);
        assertThat(replacement.subject()).startsWith("Your new ballot link:");
        assertFromTheScrutineer(replacement);

        Http http = new Http(port);
        String admin = http.postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);
        TestMailbox.Message reminder =
                TestMailbox.awaitMessagesTo(voter.email(), 3).get(2);
        assertThat(reminder.subject()).startsWith("Reminder: vote in");
        assertFromTheScrutineer(reminder);
    }

    @Test
    void otherMailKeepsTheApplicationsOwnSenderAndNoReplyTo() throws Exception {
        String to = TestMailbox.uniqueAddress("plain");
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> outbox.send(new Email(to, "Plain", "Nothing to do with ballots", "t")));

        TestMailbox.Message plain = TestMailbox.awaitMessageTo(to);
        InternetAddress from = (InternetAddress) plain.mime().getFrom()[0];
        assertThat(from.getAddress()).isNotEqualTo(SENDER).startsWith("no-reply@");
        assertThat(plain.mime().getHeader("Reply-To")).isNull();
    }

    static void assertFromTheScrutineer(TestMailbox.Message message) throws Exception {
        Address[] from = message.mime().getFrom();
        assertThat(from).hasSize(1);
        assertThat(((InternetAddress) from[0]).getAddress()).isEqualTo(SENDER);
        assertThat(((InternetAddress) from[0]).getPersonal()).isEqualTo(SCRUTINEER);
        assertThat(message.mime().getHeader("From")[0])
                .as("the name encoded, not raw UTF-8")
                .contains("=?UTF-8?");
        String[] replyTo = message.mime().getHeader("Reply-To");
        assertThat(replyTo).as("one Reply-To header").hasSize(1);
        Address[] replies = message.mime().getReplyTo();
        assertThat(replies).hasSize(1);
        assertThat(((InternetAddress) replies[0]).getAddress()).isEqualTo(SENDER);
    }
}
