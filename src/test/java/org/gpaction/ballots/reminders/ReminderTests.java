package org.gpaction.ballots.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.casting.VoteRefused;
import org.gpaction.common.UkTime;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.OutboxStops;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reminders reach the members who have not voted, never those who have, and once per round. */
@GpActionTest
class ReminderTests {

    @Autowired
    List<ScheduledTaskHolder> scheduledTaskHolders;

    @Test
    void scheduledRemindersAreLookedForAsOftenAsTheBoundSettingSays() {
        List<Duration> intervals = scheduledTaskHolders.stream()
                .flatMap(holder -> holder.getScheduledTasks().stream())
                .map(ScheduledTask::getTask)
                .filter(task -> task instanceof FixedDelayTask
                        && task.getRunnable().toString().contains("Reminders.sendScheduled"))
                .map(task -> ((FixedDelayTask) task).getIntervalDuration())
                .toList();

        assertThat(intervals).containsExactly(Duration.ofMinutes(5));
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    RemindersByHand remindersByHand;

    @Autowired
    ScheduledReminders scheduled;

    @Autowired
    ReminderRounds rounds;

    @Autowired
    ReminderHistory history;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @Test
    void anAdministratorsReminderGoesOnlyToMembersWhoHaveNotVotedWithALinkThatWorks() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voted = fixtures.member(null);
        casting.cast(fixtures.enrol(ballot, voted), 0);
        Voter waiting = fixtures.member(null);
        String waitingOldToken = fixtures.enrol(ballot, waiting);
        Voter alsoWaiting = fixtures.member(null);
        fixtures.enrol(ballot, alsoWaiting);

        Http http = new Http(port);
        String admin = http.apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response sent = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
        assertThat(sent.json().get("sent").asInt()).isEqualTo(2);

        TestMailbox.Message reminder = TestMailbox.awaitMessageTo(waiting.email());
        assertThat(reminder.subject()).startsWith("Reminder: vote in");
        assertThat(reminder.body()).contains("The link in your earlier email about this ballot still works too");
        assertThat(TestMailbox.awaitMessageTo(alsoWaiting.email()).subject()).startsWith("Reminder");
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", voted.email())
                        .query(Long.class)
                        .single())
                .isZero();
        casting.cast(TestMailbox.tokenIn(reminder.firstLink()), 1);
        assertThat(VotingFixtures.refusal(() -> casting.cast(waitingOldToken, 0)))
                .as("the earlier link belongs to the same credential, now used")
                .isEqualTo(VoteRefused.Reason.ALREADY_USED);
        assertThat(fixtures.papers(ballot)).isEqualTo(2);

        List<Round> rounds = history.rounds(ballot);
        assertThat(rounds).singleElement().satisfies(round -> {
            assertThat(round.sent()).isEqualTo(2);
            assertThat(round.startedBy()).isEqualTo(TestAdmin.EMAIL);
        });
        assertThat(history.notVoted(ballot)).isEqualTo(1);
    }

    @Test
    void aBallotClosingAtMidnightIsSaidToCloseAtTheStartOfThatDayNotAtTwelveAm() {
        Instant now = Instant.now();
        LocalDate lastDay = LocalDate.now(UkTime.ZONE).plusDays(3);
        Instant midnight = lastDay.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant();
        long ballot = fixtures.ballot(now.minus(Duration.ofDays(10)), midnight, now);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);

        assertThat(scheduled.sendDue(ballot, List.of(7), at(now))).isEqualTo(1);

        String closes = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).format(lastDay.plusDays(1));
        assertThat(TestMailbox.awaitMessageTo(waiting.email()).body())
                .contains("Voting closes at midnight at the start of " + closes + " (UK time).")
                .doesNotContain("12:00am");
    }

    @RepeatedTest(3)
    void aScheduledRoundRunFromSeveralInstancesAtOnceRemindsEachMemberOnce() throws Exception {
        Instant now = Instant.now();
        long ballot = fixtures.ballot(now.minus(Duration.ofDays(10)), now.plus(Duration.ofHours(30)), now);
        Voter voted = fixtures.member(null);
        casting.cast(fixtures.enrol(ballot, voted), 0);
        List<Voter> waiting = List.of(fixtures.member(null), fixtures.member(null), fixtures.member(null));
        waiting.forEach(voter -> fixtures.enrol(ballot, voter));

        assertThat(scheduled.sendDue(ballot, List.of(1), at(now)))
                .as("not yet due")
                .isZero();
        List<Object> outcomes = VotingFixtures.race(() -> scheduled.sendDue(ballot, List.of(7, 2, 1), at(now)));

        assertThat(outcomes.stream().mapToInt(o -> (Integer) o).sum()).isEqualTo(3);
        assertThat(fixtures.count("""
                        select count(*) from ballots.reminder_sent s join ballots.reminder_round r on r.id = s.round_id
                        where r.ballot_id = :ballot
                        """, ballot)).isEqualTo(3);
        for (Voter voter : waiting) {
            assertThat(TestMailbox.awaitMessageTo(voter.email()).subject()).startsWith("Reminder");
        }
        assertThat(history.rounds(ballot))
                .extracting(Round::key)
                .containsExactlyInAnyOrder("scheduled-2d", "scheduled-7d");
        assertThat(scheduled.sendDue(ballot, List.of(7, 2, 1), at(now)))
                .as("sent once")
                .isZero();
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", voted.email())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aReminderToAMemberWhoseLinkWasReplacedNeverSaysTheirFirstLinkStillWorks() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter replaced = fixtures.member(null);
        fixtures.enrol(ballot, replaced);
        fixtures.forgetRequests();
        ReplacementFixtures.ask(new Http(port), replaced, replaced.email());
        fixtures.awaitRequestsActedOn();
        TestMailbox.awaitMessageTo(replaced.email());

        remindersByHand.send(ballot, TestAdmin.EMAIL);

        TestMailbox.Message reminder =
                TestMailbox.awaitMessageTo(replaced.email(), "Reminder: vote in " + fixtures.title(ballot));
        assertThat(reminder.body())
                .doesNotContain("The link in your earlier email about this ballot still works")
                .contains("no longer works");
    }

    @Test
    void aScheduledReminderDaysBeforeTheCloseIsAtTheSameUkClockTimeAcrossTheClocksGoingBack() {
        // Closes at 17:00 on 4 November 2128 (GMT, so 17:00Z); seven days before is 17:00 on 28 October, in BST. A
        // year long to come: the ballot clock, on the real clock in every test context, closes an open ballot once its
        // close has passed, and there would then be no reminder to send (2128's calendar is 2027's).
        Instant closes = Instant.parse("2128-11-04T17:00:00Z");
        Instant opens = Instant.parse("2128-10-01T09:00:00Z");
        long ballot = fixtures.ballot(opens, closes, opens);
        jdbc.sql("update ballots.ballot set roll_frozen_at = :opens where id = :id")
                .param("opens", java.sql.Timestamp.from(opens))
                .param("id", ballot)
                .update();
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        try {
            assertThat(scheduled.sendDue(ballot, List.of(7), at(Instant.parse("2128-10-28T15:59:59Z"))))
                    .as("before 17:00 UK time")
                    .isZero();
            assertThat(scheduled.sendDue(ballot, List.of(7), at(Instant.parse("2128-10-28T16:00:00Z"))))
                    .as("17:00 UK time, 16:00Z")
                    .isEqualTo(1);
        } finally {
            jdbc.sql("update ballots.ballot set status = 'CLOSED' where id = :id")
                    .param("id", ballot)
                    .update();
        }
    }

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    OutboxDispatcher dispatcher;

    @Test
    void aReminderWithdrawnUnsentBecauseTheMemberVotedFirstIsNotCountedAsSent() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter votesFirst = fixtures.member(null);
        String token = fixtures.enrol(ballot, votesFirst);
        Voter reminded = fixtures.member(null);
        fixtures.enrol(ballot, reminded);
        // The reminder to the first is queued and held back (a slow mail server) until they have voted.
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            remindersByHand.send(ballot, TestAdmin.EMAIL);
            jdbc.sql("update notifications.outbox set next_attempt = now() + interval '1 hour' where recipient = :to")
                    .param("to", votesFirst.email())
                    .update();
        });
        casting.cast(token, 0);
        jdbc.sql("update notifications.outbox set next_attempt = now() where recipient = :to")
                .param("to", votesFirst.email())
                .update();
        dispatcher.wakeUp();
        org.awaitility.Awaitility.await()
                .atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select status from notifications.outbox where recipient = :to")
                        .param("to", votesFirst.email())
                        .query(String.class)
                        .single()
                        .equals("WITHDRAWN"));
        TestMailbox.awaitMessageTo(reminded.email(), "Reminder: vote in " + fixtures.title(ballot));

        assertThat(history.rounds(ballot))
                .singleElement()
                .extracting(Round::sent)
                .isEqualTo(1);
        assertThat(remindedNumbers(ballot))
                .as("the marked register's reminders and last link come from these")
                .containsExactly(reminded.number());
    }

    @Autowired
    DataSource dataSource;

    /**
     * An instance that stops after the mail server took a reminder but before recording it as sent sends it again after
     * the restart. The member voted in between with the link it delivered, so the copy sent again is withdrawn unsent;
     * the reminder went all the same, and the round still counts it.
     */
    @Test
    void aReminderDeliveredJustBeforeAStopStaysCountedWhenTheCopySentAgainIsWithdrawnAsTheMemberVoted()
            throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter reminded = fixtures.member(null);
        fixtures.enrol(ballot, reminded);
        // Held back until the instance's stop is in place.
        long reminder = new TransactionTemplate(transactions).execute(status -> {
            remindersByHand.send(ballot, TestAdmin.EMAIL);
            return jdbc.sql("""
                            update notifications.outbox set next_attempt = now() + interval '1 hour'
                            where recipient = :to returning id
                            """).param("to", reminded.email()).query(Long.class).single();
        });
        // Recording the reminder as sent waits for the test, then fails as if the instance stopped there: the mail
        // server has the message and the outbox still has it to send.
        try (OutboxStops stopped = OutboxStops.stopBeforeSent(jdbc, reminder, 6161);
                Connection recordingHeld = holding(dataSource, "select pg_advisory_xact_lock(6161)")) {
            jdbc.sql("update notifications.outbox set next_attempt = now() where id = :id")
                    .param("id", reminder)
                    .update();
            dispatcher.wakeUp();
            String delivered = TestMailbox.tokenIn(
                    TestMailbox.awaitMessageTo(reminded.email()).firstLink());
            // The stopped batch fails whole; other mail due in the shared database must not be in it.
            assertThat(jdbc.sql("""
                                with free as (
                                    select id from notifications.outbox
                                    where status = 'PENDING' and next_attempt <= now()
                                    for key share skip locked)
                                select id from notifications.outbox o
                                where status = 'PENDING' and next_attempt <= now()
                                  and not exists (select from free f where f.id = o.id)
                                """).query(Long.class).list())
                    .as("the stopped batch holds the reminder alone")
                    .containsExactly(reminder);
            casting.cast(delivered, 0);
            recordingHeld.commit();
        }
        assertThat(history.rounds(ballot))
                .as("counted while the reminder waited to be recorded")
                .singleElement()
                .extracting(Round::sent)
                .isEqualTo(1);

        dispatcher.wakeUp();
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select status from notifications.outbox where id = :id")
                        .param("id", reminder)
                        .query(String.class)
                        .single()
                        .equals("WITHDRAWN"));

        assertThat(TestMailbox.messagesTo(reminded.email()))
                .as("the copy sent again never went")
                .hasSize(1);
        assertThat(history.rounds(ballot))
                .as("the reminder delivered before the stop is still counted")
                .singleElement()
                .extracting(Round::sent)
                .isEqualTo(1);
        assertThat(remindedNumbers(ballot))
                .as("the marked register's reminders and last link come from these")
                .containsExactly(reminded.number());
        assertThat(fixtures.papers(ballot)).isOne();
    }

    @Test
    void aReminderStillQueuedAtTheCloseIsWithdrawnWithoutALink_andTheReportsReminderFigureStaysAsAtTheClose() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter late = fixtures.member(null);
        fixtures.enrol(ballot, late);
        // The reminder is queued and held back (a slow mail server, a big roll) until after the close.
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            remindersByHand.send(ballot, TestAdmin.EMAIL);
            jdbc.sql("update notifications.outbox set next_attempt = now() + interval '1 hour' where recipient = :to")
                    .param("to", late.email())
                    .update();
        });
        // The closing time passes, and the clock closes the ballot. Its scheduled run (every second) does it: a tick
        // called from here could find the ballot claimed by a scheduled run still going, skip it and leave it open.
        jdbc.sql("update ballots.ballot set closes_at = now() - interval '1 second' where id = :id")
                .param("id", ballot)
                .update();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.sql("select status from ballots.ballot where id = :id")
                        .param("id", ballot)
                        .query(String.class)
                        .single()
                        .equals("CLOSED"));
        long remindersAtTheClose =
                history.rounds(ballot).stream().mapToLong(Round::sent).sum();

        jdbc.sql("update notifications.outbox set next_attempt = now() where recipient = :to")
                .param("to", late.email())
                .update();
        dispatcher.wakeUp();
        org.awaitility.Awaitility.await()
                .atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> !jdbc.sql("select status from notifications.outbox where recipient = :to")
                        .param("to", late.email())
                        .query(String.class)
                        .single()
                        .equals("PENDING"));

        assertThat(jdbc.sql("select status from notifications.outbox where recipient = :to")
                        .param("to", late.email())
                        .query(String.class)
                        .single())
                .as("no link is made for a closed ballot")
                .isEqualTo("WITHDRAWN");
        assertThat(TestMailbox.messagesTo(late.email()))
                .as("no voting link arrives after the close")
                .noneMatch(message -> message.body().contains("/vote/"));
        assertThat(history.rounds(ballot).stream().mapToLong(Round::sent).sum())
                .as("the report's reminders, summed from the rounds, are as they were at the close")
                .isEqualTo(remindersAtTheClose)
                .isEqualTo(1);
    }

    String adminToken() {
        return new Http(port).apiToken(TestAdmin.EMAIL, TestAdmin.PASSWORD);
    }

    long outboxRowsTo(Voter voter) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                .param("to", voter.email())
                .query(Long.class)
                .single();
    }

    /** Dates the ballot's rounds so long ago, as if that time had passed since they went. */
    void roundsWentAgo(long ballot, Duration ago) {
        jdbc.sql("""
                        update ballots.reminder_round set started_at = started_at - cast(:ago as interval)
                        where ballot_id = :ballot
                        """)
                .param("ago", ago.toSeconds() + " seconds")
                .param("ballot", ballot)
                .update();
    }

    @Test
    void aSecondRoundByHandWithinTenMinutesIsRefusedSayingWhenTheLastWentAndWhenAnotherMayBeSent() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        String admin = adminToken();
        Http http = new Http(port);

        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);
        Instant went = history.rounds(ballot).get(0).startedAt();
        Instant mayFrom = went.plus(Duration.ofMinutes(10));
        Instant mayFromMinute = mayFrom.truncatedTo(ChronoUnit.MINUTES);
        Http.Response again = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asString())
                .contains("The last reminder went " + UkTime.onOrAt(went) + " (UK time)")
                .contains("another may be sent from "
                        + UkTime.format(
                                mayFromMinute.equals(mayFrom) ? mayFrom : mayFromMinute.plus(Duration.ofMinutes(1))));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        pages.get("/ballots/" + ballot + "/reminders");
        assertThat(pages.postForm("/ballots/" + ballot + "/reminders", Map.of()).status())
                .isEqualTo(302);
        assertThat(pages.get("/ballots/" + ballot + "/reminders").body())
                .contains("The last reminder went " + UkTime.onOrAt(went));
        assertThat(history.rounds(ballot)).hasSize(1);
        assertThat(outboxRowsTo(waiting)).isEqualTo(1);

        roundsWentAgo(ballot, Duration.ofMinutes(10));
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .as("ten minutes after the last")
                .isEqualTo(201);
        assertThat(outboxRowsTo(waiting)).isEqualTo(2);
    }

    @Test
    void aReminderByHandToOneMemberSaysMemberNotMembers_andToTwoSaysMembers() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        fixtures.enrol(ballot, fixtures.member(null));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/ballots/" + ballot + "/reminders").body().replaceAll("\\s+", " "))
                .contains("id=\"not-voted\">1</strong> member on the roll has not voted.");
        assertThat(pages.postForm("/ballots/" + ballot + "/reminders", Map.of()).status())
                .isEqualTo(302);
        assertThat(pages.get("/ballots/" + ballot + "/reminders").body())
                .contains("id=\"done\">Reminder sent to 1 member who has not voted<");

        fixtures.enrol(ballot, fixtures.member(null));
        roundsWentAgo(ballot, Duration.ofMinutes(10));
        assertThat(pages.postForm("/ballots/" + ballot + "/reminders", Map.of()).status())
                .isEqualTo(302);
        assertThat(pages.get("/ballots/" + ballot + "/reminders").body())
                .contains("id=\"done\">Reminder sent to 2 members who have not voted<");
    }

    @RepeatedTest(3)
    void twoRoundsAskedForByHandAtOnceSendOneAndRefuseTheOther() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        List<Voter> waiting = List.of(fixtures.member(null), fixtures.member(null), fixtures.member(null));
        waiting.forEach(voter -> fixtures.enrol(ballot, voter));
        String admin = adminToken();
        record Outcome(int status, Instant asked, Instant answered) {}
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            futures.add(pool.submit(() -> {
                Http http = new Http(port);
                start.await();
                Instant asked = Instant.now();
                int status = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status();
                return new Outcome(status, asked, Instant.now());
            }));
        }
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            // The lock a round is started under, held here until both requests are seen waiting for it.
            rounds.hold(ballot);
            int holder = LockWaits.thisBackend(jdbc);
            start.countDown();
            await("both requests waiting for the round's lock")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> LockWaits.blockedBy(jdbc, holder) == 2);
        });
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : futures) {
            outcomes.add(future.get());
        }
        pool.shutdown();

        assertThat(outcomes.stream().map(Outcome::asked).max(Instant::compareTo).orElseThrow())
                .as("both were asked before either was answered")
                .isBefore(outcomes.stream()
                        .map(Outcome::answered)
                        .min(Instant::compareTo)
                        .orElseThrow());
        assertThat(outcomes).extracting(Outcome::status).containsExactlyInAnyOrder(201, 409);
        assertThat(history.rounds(ballot))
                .singleElement()
                .extracting(Round::sent)
                .isEqualTo(3);
        for (Voter voter : waiting) {
            assertThat(outboxRowsTo(voter)).isEqualTo(1);
        }
    }

    @Test
    void theLogNamesAPointOneDayBeforeTheCloseAsOneDay() {
        Instant now = Instant.now();
        // One day before the close fell due a minute ago.
        long ballot = fixtures.ballot(
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(1)).minus(Duration.ofMinutes(1)), now);
        fixtures.enrol(ballot, fixtures.member(null));

        assertThat(scheduled.sendDue(ballot, List.of(1), at(now))).isEqualTo(1);

        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :ballot and action = :action")
                        .param("ballot", ballot)
                        .param("action", "REMINDER_SENT")
                        .query(String.class)
                        .single())
                .startsWith("Scheduled reminder (1 day before the close) sent");
    }

    @Test
    void aScheduledPointFallingDueWithinTenMinutesOfARoundSentByHandIsMarkedDoneWithoutSending() {
        Instant now = Instant.now();
        // Two days before the close falls due five minutes from now.
        long ballot = fixtures.ballot(
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(5)), now);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        Round byHand = remindersByHand.send(ballot, TestAdmin.EMAIL);

        assertThat(scheduled.sendDue(ballot, List.of(2), at(byHand.startedAt().plus(Duration.ofMinutes(6)))))
                .isZero();

        assertThat(outboxRowsTo(waiting)).isEqualTo(1);
        assertThat(history.rounds(ballot))
                .extracting(Round::key, Round::sent)
                .containsExactlyInAnyOrder(tuple(byHand.key(), 1), tuple("scheduled-2d", 0));
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :ballot and action = :action")
                        .param("ballot", ballot)
                        .param("action", "REMINDER_SKIPPED")
                        .query(String.class)
                        .single())
                .isEqualTo("Scheduled reminder (2 days before the close) skipped: a reminder was sent by hand "
                        + UkTime.onOrAt(byHand.startedAt()) + " (UK time)");
        roundsWentAgo(ballot, Duration.ofMinutes(10));
        assertThat(remindByHand(ballot))
                .as("a skipped point is not a round that went: one by hand may follow ten minutes after the last")
                .isEqualTo(201);
    }

    /**
     * A point skipped for a round sent by hand said when that round went as "at 08:05 (UK time)": on the 24-hour clock
     * the rest of the product does not use, and with no day, though the round may have gone the day before.
     */
    @Test
    void aPointSkippedForARoundByHandSaysWhenThatRoundWentAsThePagesWriteTimes_inSummerAndInWinter() {
        Instant now = Instant.now();
        long ballot = fixtures.ballot(now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(3)), now);
        Map<String, Instant> skippedFor = Map.of(
                "on 14 July 2027 at 9:05am", Instant.parse("2027-07-14T08:05:00Z"),
                "on 8 December 2027 at 1:05pm", Instant.parse("2027-12-08T13:05:00Z"));
        int days = 2;
        for (Instant byHand : skippedFor.values()) {
            assertThat(rounds.markDone(
                            ballot, Round.scheduledKey(days++), Round.SKIPPED_BY, byHand.plusSeconds(360), byHand))
                    .isTrue();
        }

        String page = signedInAdmin().get("/ballots/" + ballot + "/reminders").body();
        String api = new Http(port)
                .get("/api/ballots/" + ballot + "/reminders", adminToken())
                .body();
        skippedFor.keySet().forEach(words -> {
            assertThat(page).contains("skipped because of the reminder sent by hand " + words + " (UK time)");
            assertThat(api).contains("skipped because of the reminder sent by hand " + words + " (UK time)");
        });
    }

    private Http signedInAdmin() {
        Http admin = new Http(port);
        assertThat(admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).status()).isLessThan(400);
        return admin;
    }

    /** The membership numbers of those the ballot's rounds reminded, as the marked register reads them. */
    private List<String> remindedNumbers(long ballot) {
        return jdbc.sql("""
                        select s.membership_number from ballots.reminder_sent s
                        join ballots.reminder_round r on r.id = s.round_id where r.ballot_id = :ballot
                        """).param("ballot", ballot).query(String.class).list();
    }

    int remindByHand(long ballot) {
        return new Http(port)
                .postJson("/api/ballots/" + ballot + "/reminders", Map.of(), adminToken())
                .status();
    }

    @Test
    void aScheduledPointFallingDueMoreThanTenMinutesAfterARoundSentByHandIsSent() {
        Instant now = Instant.now();
        long ballot = fixtures.ballot(
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(11)), now);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        Round byHand = remindersByHand.send(ballot, TestAdmin.EMAIL);

        assertThat(scheduled.sendDue(ballot, List.of(1), at(byHand.startedAt().plus(Duration.ofMinutes(12)))))
                .isEqualTo(1);
        assertThat(outboxRowsTo(waiting)).isEqualTo(2);
    }

    @Test
    void thePageAndTheApiSayWhatBecameOfEachScheduledPoint_sentSkippedForTheRoundByHandOrSuperseded_neverScheduled() {
        Instant now = Instant.now();
        // Seven days before the close passed days ago; two days before falls due five minutes after a round by hand;
        // one day before falls due a day later, with no round by hand near it.
        long ballot = fixtures.ballot(
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(2)).plus(Duration.ofMinutes(5)), now);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        Round byHand = remindersByHand.send(ballot, TestAdmin.EMAIL);
        assertThat(scheduled.sendDue(
                        ballot, List.of(7, 2, 1), at(byHand.startedAt().plus(Duration.ofMinutes(6)))))
                .isZero();
        assertThat(scheduled.sendDue(
                        ballot,
                        List.of(7, 2, 1),
                        at(now.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(6)))))
                .isEqualTo(1);
        String handAt = UkTime.onOrAt(byHand.startedAt());

        Http.Response api = new Http(port).get("/api/ballots/" + ballot + "/reminders", adminToken());
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        Map<String, tools.jackson.databind.JsonNode> byKey = new java.util.HashMap<>();
        api.json().forEach(round -> byKey.put(round.get("key").asString(), round));
        assertThat(byKey).containsOnlyKeys(byHand.key(), "scheduled-7d", "scheduled-2d", "scheduled-1d");
        for (tools.jackson.databind.JsonNode round : byKey.values()) {
            assertThat(round.has("id") && round.has("ballotId") && round.has("startedBy") && round.has("startedAt"))
                    .as("the fields other systems read are kept: " + round)
                    .isTrue();
        }
        assertThat(byKey.get(byHand.key()).get("outcome").asString()).isEqualTo("SENT");
        assertThat(byKey.get("scheduled-1d").get("outcome").asString()).isEqualTo("SENT");
        assertThat(byKey.get("scheduled-1d").get("sent").asInt()).isEqualTo(1);
        assertThat(byKey.get("scheduled-1d").get("summary").asString())
                .isEqualTo("Scheduled reminder (1 day before the close) sent to 1 member who had not voted");
        tools.jackson.databind.JsonNode skipped = byKey.get("scheduled-2d");
        assertThat(skipped.get("outcome").asString()).isEqualTo("SKIPPED");
        assertThat(skipped.get("sent").asInt()).isZero();
        assertThat(Instant.parse(skipped.get("skippedForRoundAt").asString()))
                .as("when the round by hand went")
                .isEqualTo(
                        Instant.parse(byKey.get(byHand.key()).get("startedAt").asString()));
        String skippedWords = "Scheduled reminder (2 days before the close) not sent: skipped because of the reminder"
                + " sent by hand " + handAt + " (UK time)";
        assertThat(skipped.get("summary").asString()).isEqualTo(skippedWords);
        tools.jackson.databind.JsonNode superseded = byKey.get("scheduled-7d");
        assertThat(superseded.get("outcome").asString()).isEqualTo("SUPERSEDED");
        assertThat(superseded.get("sent").asInt()).isZero();
        assertThat(superseded.get("skippedForRoundAt").isNull()).isTrue();
        String supersededWords = "Scheduled reminder (7 days before the close) not sent: superseded by a later"
                + " scheduled reminder, due by the time this one was looked for";
        assertThat(superseded.get("summary").asString()).isEqualTo(supersededWords);

        Http page = new Http(port);
        page.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String body = page.get("/ballots/" + ballot + "/reminders").body();
        assertThat(body)
                .contains(skippedWords, supersededWords, "Sent by hand to 1 member who had not voted")
                .doesNotContain(">Scheduled<")
                .doesNotContain("system (skipped)", "system (superseded)");
    }

    @Test
    void aRoundWritesItsRemindersInOneStatementForEachWordingNotOneAVoter() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        for (int i = 0; i < 20; i++) {
            fixtures.enrol(ballot, fixtures.member(null));
        }

        // Rows written by one statement share its command id, read before the commit lets the dispatcher update them.
        long statements = new TransactionTemplate(transactions).execute(status -> {
            assertThat(remindersByHand.send(ballot, TestAdmin.EMAIL).sent()).isEqualTo(20);
            return jdbc.sql("""
                            select count(distinct cmin::text) from notifications.outbox
                            where about = :about and subject like 'Reminder:%'
                            """)
                    .param("about", BallotEmails.about(ballot))
                    .query(Long.class)
                    .single();
        });

        assertThat(statements).isEqualTo(1);
    }

    @Test
    void theRemindersPageIsForAdministrators() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = admin.get("/ballots/" + ballot + "/reminders");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "Send a reminder now",
                        "the links in their earlier emails keep working beside it",
                        "A reminder ends no link")
                .doesNotContain("stops working");
        assertThat(new Http(port).get("/ballots/" + ballot + "/reminders").status())
                .isEqualTo(302);
        assertThat(new Http(port)
                        .postJson("/api/ballots/" + ballot + "/reminders", Map.of())
                        .status())
                .isEqualTo(401);
    }

    /** The clock a scheduled run reads once it holds the ballot's reminder lock, stopped at {@code now}. */
    private static Clock at(Instant now) {
        return Clock.fixed(now, ZoneOffset.UTC);
    }
}
