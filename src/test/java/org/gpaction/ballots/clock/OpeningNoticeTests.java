package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A ballot's opening is emailed to its sender address, naming the keys its votes are now encrypted to, so a key put in
 * the scrutineer's place after they last looked cannot go unnoticed. On a database of its own, as an opening emails
 * every eligible member; mail here is written to files.
 */
class OpeningNoticeTests extends OpeningByTheClock {

    @Autowired
    PlatformTransactionManager transactions;

    @Value("${gpaction.data-dir}")
    Path dataDir;

    private Long ballot;

    /** Tests sharing this database count the ballots open: this test's is closed once it ends, as theirs are. */
    @AfterEach
    void closeIt() {
        if (ballot != null) {
            jdbc.sql("""
                            update ballots.ballot set status = 'CLOSED', closes_at = now(),
                                roll_cutoff = least(roll_cutoff, now())
                            where id = :id and status = 'OPEN'
                            """).param("id", ballot).update();
        }
    }

    @Test
    void theOpeningIsEmailedToTheSenderAddressWithTheJointKeyTheVotesAreEncryptedTo() throws Exception {
        String sender = TestMailbox.uniqueAddress("scrutineer");
        Instant now = clock.instant();
        // Written with its key and address in one transaction: the scheduled clock (every second) may open it at once.
        ballot = new TransactionTemplate(transactions).execute(status -> {
            long id = ScheduledBallots.insert(
                    jdbc,
                    "Opening told",
                    now.minusSeconds(60),
                    now.plus(Duration.ofDays(7)),
                    now.plus(Duration.ofDays(6)));
            jdbc.sql("update ballots.ballot set sender_address = :sender where id = :id")
                    .param("sender", sender)
                    .param("id", id)
                    .update();
            TestTrustee.addTo(jdbc, id);
            return id;
        });

        ticks(ballot, 1);

        assertThat(status(ballot)).isEqualTo("OPEN");
        String body = await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .pollInterval(Duration.ofMillis(200))
                .until(() -> mailTo(sender, "Opened: Opening told"), Optional::isPresent)
                .orElseThrow();
        assertThat(body)
                .contains("\"Opening told\" (ballot " + ballot + ") opened")
                .contains("Joint key: " + TestTrustee.publicKey())
                .contains(TestTrustee.NAME + "'s public key: " + TestTrustee.publicKey());
    }

    /** The body of the mail written to files for this address with this subject, if any has been written yet. */
    private Optional<String> mailTo(String address, String subject) throws Exception {
        Path mail = dataDir.resolve("mail");
        if (!Files.isDirectory(mail)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(mail)) {
            for (Path file : files.toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
                    if (subject.equals(message.getSubject())
                            && message.getAllRecipients()[0].toString().equals(address)) {
                        return Optional.of(String.valueOf(message.getContent()).replace("\r\n", "\n"));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
