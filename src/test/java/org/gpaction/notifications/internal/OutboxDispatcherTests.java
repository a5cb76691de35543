package org.gpaction.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gpaction.support.HeldLocks.holding;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.SecretLinks;
import org.gpaction.notifications.StillWanted;
import org.gpaction.support.OutboxStops;
import org.gpaction.support.SharedTestMailServer;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Dispatchers built by hand on a database of their own, sending to the shared test SMTP server. */
class OutboxDispatcherTests {

    static final Instant START = Instant.parse("2024-07-29T10:00:00Z");

    OutboxDatabase database;

    @BeforeEach
    void ownDatabase() {
        database = OutboxDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aServerThatCannotBeReachedIsRetriedWithGrowingWaitsAndTheMessageIsFinallyMarkedFailed() throws Exception {
        MutableClock clock = new MutableClock(START);
        MailProperties fourAttempts = new MailProperties(
                "GP Action <ballots@gpaction.test>",
                Duration.ofSeconds(1),
                4,
                Duration.ofMinutes(1),
                2,
                Duration.ofHours(1),
                true,
                Period.ofDays(90));
        OutboxDispatcher dispatcher = dispatcher(smtp(closedPort()), fourAttempts, clock);
        long id =
                database.put("unlucky@mail.test", "Confirm your email address", "https://x.test/confirm/secret", START);

        assertThat(dispatcher.dispatchDue()).isZero();
        assertThat(row(id))
                .containsEntry("status", "PENDING")
                .containsEntry("attempts", 1)
                .containsEntry("next_attempt", START.plus(Duration.ofMinutes(1)))
                .containsEntry("body", "https://x.test/confirm/secret");
        assertThat((String) row(id).get("last_error")).contains("Connection refused");

        clock.advance(Duration.ofSeconds(59));
        dispatcher.dispatchDue();
        assertThat(row(id)).as("not due yet").containsEntry("attempts", 1);

        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatchDue();
        assertThat(row(id))
                .containsEntry("attempts", 2)
                .containsEntry("next_attempt", START.plus(Duration.ofMinutes(1 + 2)));

        clock.advance(Duration.ofMinutes(2));
        dispatcher.dispatchDue();
        assertThat(row(id))
                .containsEntry("attempts", 3)
                .containsEntry("next_attempt", START.plus(Duration.ofMinutes(1 + 2 + 4)));

        clock.advance(Duration.ofMinutes(4));
        dispatcher.dispatchDue();
        assertThat(row(id))
                .containsEntry("status", "FAILED")
                .containsEntry("attempts", 4)
                .containsEntry("body", null)
                .containsEntry("sent_at", null);
        assertThat((String) row(id).get("last_error")).contains("Connection refused");

        clock.advance(Duration.ofDays(1));
        dispatcher.dispatchDue();
        assertThat(row(id)).as("a failed message is left alone").containsEntry("attempts", 4);
    }

    @Test
    void aRecipientThatIsNotAnEmailAddressFailsAtOnce() {
        OutboxDispatcher dispatcher = dispatcher(smtp(port()), properties(), Clock.systemUTC());
        long id = database.put("not an address", "Hello", "Body", Instant.now());

        dispatcher.dispatchDue();

        assertThat(row(id)).containsEntry("status", "FAILED").containsEntry("attempts", 1);
        assertThat((String) row(id).get("last_error")).contains("could not be built");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRefusedRecipientIsLoggedByTheMessagesIdNeverByItsAddress(CapturedOutput log) throws Exception {
        String person = "refused." + UUID.randomUUID().toString().substring(0, 8);
        String recipient = person + "@mail.test";
        try (RefusingSmtpServer server = new RefusingSmtpServer()) {
            MailProperties twoAttempts = new MailProperties(
                    "GP Action <ballots@gpaction.test>",
                    Duration.ofSeconds(1),
                    2,
                    Duration.ofMinutes(1),
                    2,
                    Duration.ofHours(1),
                    true,
                    Period.ofDays(90));
            MutableClock clock = new MutableClock(START);
            OutboxDispatcher dispatcher = dispatcher(smtp(server.port()), twoAttempts, clock);
            long id = database.put(recipient, "Your ballot", "Body", START);

            dispatcher.dispatchDue();
            clock.advance(Duration.ofMinutes(1));
            dispatcher.dispatchDue();

            assertThat(row(id)).containsEntry("status", "FAILED").containsEntry("attempts", 2);
            assertThat((String) row(id).get("last_error"))
                    .as("administrators see whom the refusal was for")
                    .contains(recipient);
            assertThat(log.getAll())
                    .contains("Outbox message " + id + " (test) not sent on attempt 1")
                    .contains("Gave up on outbox message " + id + " (test) after 2 attempt(s)")
                    .contains("Recipient address rejected")
                    .doesNotContain(person);
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRunThatFailsIsLoggedWithoutTheAddressesItsErrorQuotes(CapturedOutput log) {
        String person = "taken." + UUID.randomUUID().toString().substring(0, 8);
        String address = person + "@mail.test";
        JdbcClient jdbc = database.jdbc();
        jdbc.sql("create table notifications.test_link_owner (email text primary key)")
                .update();
        jdbc.sql("insert into notifications.test_link_owner (email) values (:email)")
                .param("email", address)
                .update();
        // Making the link fails on a duplicate key, whose detail quotes the address: "Key (email)=(…) already exists".
        SecretLinks links = new SecretLinks() {
            @Override
            public String category() {
                return "test-link";
            }

            @Override
            public Optional<String> mint(String reference) {
                jdbc.sql("insert into notifications.test_link_owner (email) values (:email)")
                        .param("email", address)
                        .update();
                return Optional.of("https://x.test/link/" + reference);
            }
        };
        long id = database.putWithSecretLink(
                address, "Your link", "Follow " + Email.SECRET_LINK, "test-link", "member-1", Instant.now());
        OutboxDispatcher dispatcher = dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links));

        dispatcher.start();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(log.getAll())
                            .contains("Sending mail from the outbox failed; the next run tries again"));
        } finally {
            dispatcher.stop();
            dispatcher.destroy();
        }

        assertThat(log.getAll())
                .contains("DuplicateKeyException")
                .contains("Key (email)=((an address)) already exists")
                .doesNotContain(person);
        assertThat(row(id))
                .as("nothing recorded")
                .containsEntry("status", "PENDING")
                .containsEntry("attempts", 0);
    }

    @RepeatedTest(3)
    void twoDispatchersRacingOverTwoHundredMessagesSendEachExactlyOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String to = "race-" + run + "-" + i + "@mail.test";
            recipients.add(to);
            database.put(to, "Message " + i, "Body of message " + i, Instant.now());
        }
        List<OutboxDispatcher> dispatchers = List.of(
                dispatcher(smtp(port()), properties(), Clock.systemUTC()),
                dispatcher(smtp(port()), properties(), Clock.systemUTC()));

        CyclicBarrier together = new CyclicBarrier(dispatchers.size());
        ExecutorService threads = Executors.newFixedThreadPool(dispatchers.size());
        List<Future<Integer>> sent = new ArrayList<>();
        try {
            for (OutboxDispatcher dispatcher : dispatchers) {
                sent.add(threads.submit(() -> {
                    together.await();
                    return dispatcher.dispatchDue();
                }));
            }
            int total = 0;
            for (Future<Integer> count : sent) {
                total += count.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(200);
        } finally {
            threads.shutdownNow();
        }

        Map<String, Long> statuses = database
                .jdbc()
                .sql("select status, count(*) from notifications.outbox group by status")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(statuses).isEqualTo(Map.of("SENT", 200L));
        assertThat(database.jdbc()
                        .sql("select count(*) from notifications.outbox where body is not null")
                        .query(Long.class)
                        .single())
                .as("bodies kept after sending")
                .isZero();

        Map<String, Long> received = SharedTestMailServer.server()
                .findReceivedMessages(user -> user.getEmail().startsWith("race-" + run + "-"), message -> true)
                .map(OutboxDispatcherTests::recipient)
                .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
        assertThat(received)
                .hasSize(200)
                .containsOnlyKeys(recipients)
                .allSatisfy((to, count) -> assertThat(count).as(to).isEqualTo(1L));
    }

    @Test
    void aSecretLinkWorksFromTheMomentTheMailServerHasItsMessage() throws Exception {
        JdbcClient jdbc = database.jdbc();
        jdbc.sql("create table notifications.test_link (token text primary key)")
                .update();
        SecretLinks links = new SecretLinks() {
            @Override
            public String category() {
                return "test-link";
            }

            @Override
            public Optional<String> mint(String reference) {
                String token = reference + "-" + UUID.randomUUID();
                jdbc.sql("insert into notifications.test_link (token) values (:token)")
                        .param("token", token)
                        .update();
                return Optional.of("https://x.test/link/" + token);
            }
        };
        // Recording the batch as sent waits while the test holds this lock: the mail server has the message and the
        // dispatcher has not finished with it.
        jdbc.sql("""
                        create function notifications.sent_waits_for_test() returns trigger language plpgsql as $$
                        begin
                            perform pg_advisory_xact_lock(4242);
                            return new;
                        end $$
                        """).update();
        jdbc.sql("""
                        create trigger sent_waits_for_test before update on notifications.outbox for each row
                        when (new.status = 'SENT') execute function notifications.sent_waits_for_test()
                        """).update();
        String to = "link-" + UUID.randomUUID() + "@mail.test";
        long id = database.putWithSecretLink(
                to, "Your link", "Follow " + Email.SECRET_LINK + " to go on", "test-link", "member-1", Instant.now());
        OutboxDispatcher dispatcher = dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection holder = holding(database.dataSource(), "select pg_advisory_xact_lock(4242)");
                Connection recipient = database.dataSource().getConnection()) {
            Future<Integer> sending = thread.submit(dispatcher::dispatchDue);

            String link = TestMailbox.awaitMessageTo(to).firstLink();
            String token = link.substring(link.lastIndexOf('/') + 1);
            assertThat(count(recipient, "select count(*) from notifications.test_link where token = ?", token))
                    .as("the link the recipient clicks at once is there for them")
                    .isEqualTo(1);
            assertThat(count(
                            recipient,
                            "select count(*) from notifications.outbox where status = 'PENDING' and id = ?",
                            id))
                    .as("while the dispatcher is still recording the batch")
                    .isEqualTo(1);
            holder.commit();
            assertThat(sending.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            thread.shutdownNow();
        }
        assertThat(row(id)).containsEntry("status", "SENT").containsEntry("body", null);
    }

    /**
     * Sending a batch's links began is committed before the batch goes to the mail server, as the batch's own transaction
     * is not: an attempt a stop left unrecorded is known when its message is claimed again, and the module is told that
     * its copy may have gone. One whose outcome was recorded (sent, or refused and to be tried again) leaves nothing.
     */
    @Test
    void aMessageAStopLeftUnrecordedAfterTheServerTookItIsMintedAgainAsOneThatMayHaveGone() throws Exception {
        JdbcClient jdbc = database.jdbc();
        List<String> minted = new ArrayList<>();
        SecretLinks links = new SecretLinks() {
            @Override
            public String category() {
                return "test-link";
            }

            @Override
            public Optional<String> mint(String reference) {
                minted.add(reference);
                return Optional.of("https://x.test/link/" + UUID.randomUUID());
            }

            @Override
            public Optional<String> mintAfterUnrecordedAttempt(String reference) {
                minted.add(reference + " (may have gone)");
                return Optional.of("https://x.test/link/" + UUID.randomUUID());
            }
        };
        String to = "stopped-" + UUID.randomUUID() + "@mail.test";
        long id = database.putWithSecretLink(
                to, "Your link", "Follow " + Email.SECRET_LINK + " to go on", "test-link", "member-1", Instant.now());
        OutboxDispatcher dispatcher = dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links));

        try (OutboxStops stop = OutboxStops.stopBeforeSent(jdbc)) {
            assertThatThrownBy(dispatcher::dispatchDue).hasMessageContaining(OutboxStops.STOPPED);
            TestMailbox.awaitMessageTo(to);
            assertThat(row(id)).as("the stop left it to send").containsEntry("status", "PENDING");
        }

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(minted).containsExactly("member-1", "member-1 (may have gone)");
        assertThat(row(id)).containsEntry("status", "SENT");
        assertThat(TestMailbox.messagesTo(to)).hasSize(2);
        assertThat(jdbc.sql("select count(*) from notifications.sending_begun")
                        .query(Long.class)
                        .single())
                .as("nothing left of an attempt recorded")
                .isZero();

        minted.clear();
        long refused = database.putWithSecretLink(
                "refused-" + UUID.randomUUID() + "@mail.test",
                "Your link",
                "Follow " + Email.SECRET_LINK + " to go on",
                "test-link",
                "member-2",
                Instant.now());
        dispatcher(smtp(closedPort()), properties(), Clock.systemUTC(), List.of(links))
                .dispatchDue();
        jdbc.sql("update notifications.outbox set next_attempt = now() where id = :id")
                .param("id", refused)
                .update();
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(minted)
                .as("an attempt the server could not take went nowhere")
                .containsExactly("member-2", "member-2");
    }

    /**
     * A message a stop left unrecorded may have gone, and stays so until an attempt at it ends for good: one that then
     * fails to reach the server and is tried again is still one whose first copy may have gone.
     */
    @Test
    void aMessageThatMayHaveGoneStillMayHaveGoneAfterALaterAttemptIsTriedAgain() throws Exception {
        JdbcClient jdbc = database.jdbc();
        List<String> minted = new ArrayList<>();
        SecretLinks links = recordingMints(minted);
        String to = "stopped-then-refused-" + UUID.randomUUID() + "@mail.test";
        long id = database.putWithSecretLink(
                to, "Your link", "Follow " + Email.SECRET_LINK + " to go on", "test-link", "member-1", Instant.now());
        OutboxDispatcher dispatcher = dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links));
        try (OutboxStops stop = OutboxStops.stopBeforeSent(jdbc)) {
            assertThatThrownBy(dispatcher::dispatchDue).hasMessageContaining(OutboxStops.STOPPED);
            TestMailbox.awaitMessageTo(to);
        }

        dispatcher(smtp(closedPort()), properties(), Clock.systemUTC(), List.of(links))
                .dispatchDue();
        assertThat(row(id))
                .as("to be tried again")
                .containsEntry("status", "PENDING")
                .containsEntry("attempts", 1);
        jdbc.sql("update notifications.outbox set next_attempt = now() where id = :id")
                .param("id", id)
                .update();

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(minted).containsExactly("member-1", "member-1 (may have gone)", "member-1 (may have gone)");
        assertThat(marks()).as("the message went: nothing left").isZero();
    }

    /**
     * A connection lost while the server was taking a message (after its data, before the answer) may have lost only
     * the answer: that message may have gone, the ones after it in the batch did not.
     */
    @Test
    void aConnectionLostWhileTheServerTookAMessageLeavesThatOneAsMayHaveGoneAndNotTheRest() throws Exception {
        List<String> minted = new ArrayList<>();
        SecretLinks links = recordingMints(minted);
        String run = UUID.randomUUID().toString().substring(0, 8);
        long inFlight = database.putWithSecretLink(
                "in-flight-" + run + "@mail.test", "Your link", "Follow " + Email.SECRET_LINK, "test-link", "a", START);
        long after = database.putWithSecretLink(
                "after-" + run + "@mail.test", "Your link", "Follow " + Email.SECRET_LINK, "test-link", "b", START);
        try (RefusingSmtpServer server = RefusingSmtpServer.droppingAfterData()) {
            dispatcher(smtp(server.port()), properties(), Clock.systemUTC(), List.of(links))
                    .dispatchDue();
        }
        assertThat(row(inFlight)).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat(row(after)).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        database.jdbc()
                .sql("update notifications.outbox set next_attempt = now() where id in (:ids)")
                .param("ids", List.of(inFlight, after))
                .update();
        minted.clear();

        assertThat(dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links))
                        .dispatchDue())
                .isEqualTo(2);
        assertThat(minted).containsExactly("a (may have gone)", "b");
        assertThat(marks()).isZero();
    }

    /**
     * A recipient the server refuses, the connection still open, is that message's failure alone: the batch goes on,
     * and the refused message, which went nowhere, keeps no mark and is minted again as one that never went.
     */
    @Test
    void aRefusedRecipientFailsOnlyItsMessageAndLeavesItUnmarkedWhileTheRestOfTheBatchGoes() throws Exception {
        List<String> minted = new ArrayList<>();
        SecretLinks links = recordingMints(minted);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String refusedAddress = "refused-" + run + "@mail.test";
        long refused = database.putWithSecretLink(
                refusedAddress, "Your link", "Follow " + Email.SECRET_LINK, "test-link", "a", START);
        long next = database.putWithSecretLink(
                "next-" + run + "@mail.test", "Your link", "Follow " + Email.SECRET_LINK, "test-link", "b", START);
        try (RefusingSmtpServer server = RefusingSmtpServer.refusing(refusedAddress)) {
            assertThat(dispatcher(smtp(server.port()), properties(), Clock.systemUTC(), List.of(links))
                            .dispatchDue())
                    .as("the message after the refused one goes in the same run")
                    .isEqualTo(1);
        }
        assertThat(row(next)).containsEntry("status", "SENT");
        assertThat(row(refused)).containsEntry("status", "PENDING").containsEntry("attempts", 1);
        assertThat((String) row(refused).get("last_error")).contains("Recipient address rejected");
        assertThat(marks()).as("the refused message went nowhere").isZero();
        database.jdbc()
                .sql("update notifications.outbox set next_attempt = now() where id = :id")
                .param("id", refused)
                .update();
        minted.clear();

        assertThat(dispatcher(smtp(port()), properties(), Clock.systemUTC(), List.of(links))
                        .dispatchDue())
                .isEqualTo(1);
        assertThat(minted).containsExactly("a");
        assertThat(row(refused)).containsEntry("status", "SENT");
    }

    /**
     * Only a message with a link its category makes is marked as sending it begins; one sent or withdrawn under a
     * {@link StillWanted} check, or withdrawn with no link made, never is, and its outcome unmarks nothing. A mark an
     * earlier attempt left (a stop) goes with the message, withdrawn this time. The test checks which messages the
     * dispatcher asks to unmark, not what is marked after: a delete of a mark never made changes nothing, so no mark is
     * left either way.
     */
    @Test
    void theMarksTheBatchForgetsAreThoseOfItsMessagesMarkedWhetherNowOrByAnEarlierAttempt() {
        SecretLinks links = new SecretLinks() {
            @Override
            public String category() {
                return "test-link";
            }

            @Override
            public Optional<String> mint(String reference) {
                return reference.equals("no longer wanted")
                        ? Optional.empty()
                        : Optional.of("https://x.test/link/" + UUID.randomUUID());
            }

            @Override
            public Optional<String> mintAfterUnrecordedAttempt(String reference) {
                return Optional.empty();
            }
        };
        StillWanted notices = new StillWanted() {
            @Override
            public String category() {
                return "test-notice";
            }

            @Override
            public boolean stillWanted(String reference) {
                return reference.equals("wanted");
            }
        };
        String run = UUID.randomUUID().toString().substring(0, 8);
        long linked = database.putWithSecretLink(
                "linked-" + run + "@mail.test", "Your link", "Follow " + Email.SECRET_LINK, "test-link", "a", START);
        long linkUnwanted = database.putWithSecretLink(
                "link-unwanted-" + run + "@mail.test", "Your link", "Follow", "test-link", "no longer wanted", START);
        long stranded = database.putWithSecretLink(
                "stranded-" + run + "@mail.test", "Your link", "Follow " + Email.SECRET_LINK, "test-link", "b", START);
        long notice = database.putWithSecretLink(
                "notice-" + run + "@mail.test", "A notice", "Notice", "test-notice", "wanted", START);
        long noticeUnwanted = database.putWithSecretLink(
                "notice-unwanted-" + run + "@mail.test", "A notice", "Notice", "test-notice", "unwanted", START);
        // What a stop after the mail server took it leaves of an earlier attempt.
        database.jdbc()
                .sql("insert into notifications.sending_begun (outbox_id) values (:id)")
                .param("id", stranded)
                .update();
        List<Long> unmarked = new ArrayList<>();
        OutboxRepository recording = new OutboxRepository(database.jdbc()) {
            @Override
            void sendingEnded(List<Long> ids) {
                unmarked.addAll(ids);
                super.sendingEnded(ids);
            }
        };
        OutboxDispatcher dispatcher = new OutboxDispatcher(
                recording,
                database.transactions(),
                new SmtpDelivery(smtp(port()), new MimeMessages(properties(), Clock.systemUTC()), "test"),
                properties(),
                Clock.systemUTC(),
                List.of(links),
                List.of(notices));

        assertThat(dispatcher.dispatchDue()).isEqualTo(2);

        assertThat(row(linked)).containsEntry("status", "SENT");
        assertThat(row(notice)).containsEntry("status", "SENT");
        assertThat(List.of(row(linkUnwanted), row(stranded), row(noticeUnwanted)))
                .allSatisfy(row -> assertThat(row).containsEntry("status", "WITHDRAWN"));
        assertThat(unmarked).containsExactlyInAnyOrder(linked, stranded);
        assertThat(marks()).isZero();
    }

    private static SecretLinks recordingMints(List<String> minted) {
        return new SecretLinks() {
            @Override
            public String category() {
                return "test-link";
            }

            @Override
            public Optional<String> mint(String reference) {
                minted.add(reference);
                return Optional.of("https://x.test/link/" + UUID.randomUUID());
            }

            @Override
            public Optional<String> mintAfterUnrecordedAttempt(String reference) {
                minted.add(reference + " (may have gone)");
                return Optional.of("https://x.test/link/" + UUID.randomUUID());
            }
        };
    }

    private long marks() {
        return database.jdbc()
                .sql("select count(*) from notifications.sending_begun")
                .query(Long.class)
                .single();
    }

    private static long count(Connection connection, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void eachAttemptAtAMessageHasAMessageIdOfItsOwnAndTheSameAttemptBuiltAgainTheSame() throws Exception {
        MimeMessages messages = new MimeMessages(properties(), new MutableClock(START));
        QueuedEmail firstAttempt = pledge("https://x.test/a", 0);
        QueuedEmail secondAttempt = pledge("https://x.test/b", 1);

        String first = messages.build(firstAttempt).getMessageID();
        String again = messages.build(firstAttempt).getMessageID();
        String second = messages.build(secondAttempt).getMessageID();

        assertThat(first).isEqualTo(again).startsWith("<outbox.42.").endsWith("@gpaction.test>");
        assertThat(second)
                .as("a second attempt may carry a link that replaces the first's, so it is a message of its own")
                .isNotEqualTo(first)
                .startsWith("<outbox.42.")
                .endsWith("@gpaction.test>");
    }

    /**
     * The attempt is counted only once it is recorded, after the mail server took the message: sent again after a crash
     * or a lost commit, it has the same count, and a fresh link that ended the delivered one.
     */
    @Test
    void theSameAttemptSentAgainWithAFreshLinkAfterACrashHasAMessageIdOfItsOwn() throws Exception {
        MimeMessages messages = new MimeMessages(properties(), new MutableClock(START));
        QueuedEmail delivered = pledge("https://x.test/a", 0);
        QueuedEmail sentAgain = pledge("https://x.test/b", 0);

        assertThat(messages.build(sentAgain).getMessageID())
                .as("a provider dropping a Message-ID it has seen would keep only the dead link")
                .isNotEqualTo(messages.build(delivered).getMessageID())
                .startsWith("<outbox.42.")
                .endsWith("@gpaction.test>");
    }

    /** Message 42, a pledge's confirmation, on its attempt numbered so with this body. */
    private static QueuedEmail pledge(String body, int attempts) {
        return new QueuedEmail(
                42, "someone@mail.test", "Confirm your pledge", body, "pledge", null, attempts, START, null, false);
    }

    private OutboxDispatcher dispatcher(JavaMailSenderImpl sender, MailProperties properties, Clock clock) {
        return dispatcher(sender, properties, clock, List.of());
    }

    private OutboxDispatcher dispatcher(
            JavaMailSenderImpl sender, MailProperties properties, Clock clock, List<SecretLinks> links) {
        MimeMessages messages = new MimeMessages(properties, clock);
        return new OutboxDispatcher(
                database.repository(),
                database.transactions(),
                new SmtpDelivery(sender, messages, sender.getHost() + ":" + sender.getPort()),
                properties,
                clock,
                links,
                List.of());
    }

    private Map<String, Object> row(long id) {
        return database.jdbc()
                .sql("""
                        select status, attempts, next_attempt, body, sent_at, last_error
                        from notifications.outbox where id = :id
                        """)
                .param("id", id)
                .query((rs, n) -> {
                    Map<String, Object> row = new java.util.HashMap<>();
                    row.put("status", rs.getString("status"));
                    row.put("attempts", rs.getInt("attempts"));
                    row.put("next_attempt", rs.getTimestamp("next_attempt").toInstant());
                    row.put("body", rs.getString("body"));
                    row.put("sent_at", rs.getTimestamp("sent_at"));
                    row.put("last_error", rs.getString("last_error"));
                    return row;
                })
                .single();
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getRecipients(MimeMessage.RecipientType.TO)[0].toString();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static MailProperties properties() {
        return new MailProperties(
                "GP Action <ballots@gpaction.test>",
                Duration.ofSeconds(1),
                3,
                Duration.ofMinutes(1),
                2,
                Duration.ofHours(1),
                true,
                Period.ofDays(90));
    }

    static JavaMailSenderImpl smtp(int port) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        sender.setDefaultEncoding("UTF-8");
        return sender;
    }

    static int port() {
        GreenMail server = SharedTestMailServer.server();
        return server.getSmtp().getPort();
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
