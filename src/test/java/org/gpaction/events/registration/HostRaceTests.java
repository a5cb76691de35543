package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.events.catalogue.Events;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A host changing or cancelling an event while the reminders go out or someone registers, for real. The reminder job
 * or the registration is held after it has read the event (a test connection holds the registrations table, so its
 * next write waits), the host acts meanwhile, and then it is let go. The host must wait for it and tell what it told,
 * never act unseen under it: each test checks that the host was seen waiting for the event. The dispatcher sending
 * mail is the other way round: a host's change never waits for a message being sent, however slow the mail server.
 */
@GpActionTest
class HostRaceTests {

    /** A host's change takes the event's registrations by a statement beginning so (Registrants.holdAll). */
    static final String HOLDING_THE_REGISTRATIONS = "select id from events.registration where event_id";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    DayBeforeReminders reminders;

    @Autowired
    Events events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    OutboxDispatcher dispatcher;

    @Autowired
    NumberedMessages numbered;

    @Autowired
    Registrations registrations;

    EventsTestData data;
    HeldBackMail heldBack;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        heldBack = new HeldBackMail(jdbc, transactions, events, registrations);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void aJoiningLinkChangedWhileTheRemindersGoOutReachesThoseBeingReminded() throws Exception {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        remindEveryoneDueSoFar();
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");

        boolean hostWaited;
        Future<Integer> job;
        Future<?> host;
        try (Connection holder = TestHosting.holdRegistrations(dataSource)) {
            job = threads.submit(reminders::sendDue);
            awaitWaiting("update events.registration set reminded_at");
            host = threads.submit(
                    () -> data.changeAsHost(events.find(id).orElseThrow(), Map.of("joiningLink", newLink)));
            hostWaited = hostWaitsOrIsDone(host);
            holder.rollback();
        }
        job.get(30, TimeUnit.SECONDS);
        host.get(30, TimeUnit.SECONDS);
        assertThat(remindersOf(registrationId(id, placed)))
                .as("the place was reminded by the job the host raced")
                .isEqualTo(1);

        data.awaitAllSent(placed);
        // The dispatcher, woken as the job commits, may be sending the reminder as the host's change is saved, which
        // does not wait for it: if it goes, the new link follows it; if it is then refused as superseded, it is
        // withdrawn and the place is reminded at the next look for reminders, with the new link.
        if (TestMailbox.messagesTo(placed).stream().noneMatch(m -> m.subject().startsWith("Reminder"))) {
            List<Long> queued = outboxIds(placed, "Reminder: %");
            assertThat(queued).as("the job's reminder was queued").isNotEmpty();
            assertThat(outboxStatus(queued.get(0)))
                    .as("with no reminder yet, the job's reminder was withdrawn as superseded")
                    .isEqualTo("WITHDRAWN");
        }
        reminders.sendDue();
        data.awaitAllSent(placed);
        List<TestMailbox.Message> messages = TestMailbox.messagesTo(placed);
        assertThat(messages).filteredOn(m -> m.subject().startsWith("Reminder")).hasSize(1);
        assertThat(messages)
                .as("the one being reminded as the link changed is sent the new link")
                .anyMatch(m -> m.body().contains(newLink));
        assertThat(hostWaited)
                .as("the host's change waited for the reminder (the race was run)")
                .isTrue();
    }

    @Test
    void noReminderForAnEventGoesOutAfterItsCancellation() throws Exception {
        String first = EventsTestData.title("Roadshow");
        String second = EventsTestData.title("Roadshow");
        long earlier = data.publish(data.roadshow(first, Instant.now().plus(Duration.ofHours(3)), 5));
        long cancelled = data.publish(data.roadshow(second, Instant.now().plus(Duration.ofHours(3)), 5));
        remindEveryoneDueSoFar();
        String atFirst = TestMailbox.uniqueAddress("first");
        String atSecond = TestMailbox.uniqueAddress("second");
        registering.confirm(data.registerAndGetConfirmToken(earlier, atFirst), "127.0.0.1");
        registering.confirm(data.registerAndGetConfirmToken(cancelled, atSecond), "127.0.0.1");
        data.awaitSubject(atFirst, "Place confirmed");
        data.awaitSubject(atSecond, "Place confirmed");

        boolean hostWaited;
        Future<Integer> job;
        Future<?> host;
        try (Connection holder = TestHosting.holdRegistrations(dataSource)) {
            job = threads.submit(reminders::sendDue);
            // Held at the first of its batch, the earlier event's registrant; the cancelled one comes next.
            awaitWaiting("update events.registration set reminded_at");
            host = threads.submit(() -> data.cancelAsHost(cancelled));
            hostWaited = hostWaitsOrIsDone(host);
            holder.rollback();
        }
        job.get(30, TimeUnit.SECONDS);
        host.get(30, TimeUnit.SECONDS);

        data.awaitAllSent(atSecond);
        List<Long> reminders = outboxIds(atSecond, "Reminder: " + second + "%");
        List<Long> cancellation = outboxIds(atSecond, "Cancelled: " + second);
        assertThat(cancellation).hasSize(1);
        assertThat(reminders)
                .as("no reminder queued after the cancellation")
                .allSatisfy(reminder -> assertThat(reminder).isLessThan(cancellation.get(0)));
        assertThat(hostWaited)
                .as("the host's cancellation waited for the reminders (the race was run)")
                .isTrue();
    }

    @Test
    void someoneRegisteringAsTheHostCancelsHearsOfTheCancellation() throws Exception {
        long id = data.roadshowInTwoWeeks(5);
        String title = events.find(id).orElseThrow().title();
        String email = TestMailbox.uniqueAddress("late");
        data.forgetRegistrationsFromHere();

        boolean hostWaited;
        Future<?> registration;
        Future<?> host;
        try (Connection holder = TestHosting.holdRegistrations(dataSource)) {
            registration = threads.submit(() -> registering.register(
                    id,
                    new RegistrationDetails("Late Registrant", email, TeamRole.PRACTICE_MANAGER, null),
                    "127.0.0.1"));
            awaitWaiting("insert into events.registration");
            host = threads.submit(() -> data.cancelAsHost(id));
            hostWaited = hostWaitsOrIsDone(host);
            holder.rollback();
        }
        registration.get(30, TimeUnit.SECONDS);
        host.get(30, TimeUnit.SECONDS);

        data.awaitAllSent(email);
        List<TestMailbox.Message> messages = TestMailbox.messagesTo(email);
        // Asking them to confirm went only if it was sent before the cancellation: one still unsent then is withdrawn.
        assertThat(messages)
                .as("registered as the event was cancelled, the registrant is told it is cancelled")
                .anyMatch(m -> m.subject().equals("Cancelled: " + title));
        assertThat(hostWaited)
                .as("the host's cancellation waited for the registration (the race was run)")
                .isTrue();
    }

    @Test
    void aHostsMoveIsSavedWhileAReminderIsBeingSentAndIfThatSendFailsTheReminderGoesAgainWithTheNewPlace()
            throws Exception {
        MovedWhileSending moved = moveWhileTheReminderIsBeingSent(Attempt.NOT_SENT);

        assertThat(data.awaitSubject(moved.placed(), "Changed: " + moved.title())
                        .body())
                .contains("10 High Street");
        // Tried again later, the reminder no longer tells of the event as it is: it is not sent, and is due again.
        jdbc.sql("update notifications.outbox set next_attempt = now() where id = :id")
                .param("id", moved.reminder())
                .update();
        dispatcher.wakeUp();
        data.awaitAllSent(moved.placed());
        reminders.sendDue();
        assertThat(data.awaitSubject(moved.placed(), "Reminder: " + moved.title())
                        .body())
                .contains("10 High Street");
        data.awaitAllSent(moved.placed());

        assertThat(outboxStatus(moved.reminder())).isEqualTo("WITHDRAWN");
        assertThat(data.onlyReminderTo(moved.placed(), "one reminder, with the new address only"))
                .contains("10 High Street")
                .doesNotContain("1 High Street")
                .contains("/events/cancel/");
    }

    @Test
    void aReminderSentAsTheHostMovesTheEventIsFollowedByTheNoticeOfTheMoveNotBySecondReminder() throws Exception {
        MovedWhileSending moved = moveWhileTheReminderIsBeingSent(Attempt.SENT);

        assertThat(data.awaitSubject(moved.placed(), "Changed: " + moved.title())
                        .body())
                .contains("10 High Street");
        reminders.sendDue();
        data.awaitAllSent(moved.placed());

        assertThat(outboxStatus(moved.reminder())).isEqualTo("SENT");
        assertThat(outboxIds(moved.placed(), "Reminder: %"))
                .as("the reminder that went is not sent again")
                .containsExactly(moved.reminder());
        long place = placeOf(moved.placed());
        assertThat(numbered.supersededReminders(Instant.now()))
                .as("a superseded reminder seen sent is not looked up again at every look for reminders")
                .doesNotContainKey(place);
    }

    @Test
    void aReminderBeingSentAsTheHostMovesTheEventThatFailsOnItsLastAttemptGoesAgainWithTheNewPlace() throws Exception {
        MovedWhileSending moved = moveWhileTheReminderIsBeingSent(Attempt.FAILED_FOR_GOOD);

        assertThat(data.awaitSubject(moved.placed(), "Changed: " + moved.title())
                        .body())
                .contains("10 High Street");
        // The dispatcher gave up on the reminder, so never tries it again: the next look for reminders sends one.
        reminders.sendDue();
        assertThat(data.awaitSubject(moved.placed(), "Reminder: " + moved.title())
                        .body())
                .contains("10 High Street");
        reminders.sendDue();
        data.awaitAllSent(moved.placed());

        assertThat(outboxStatus(moved.reminder())).isEqualTo("FAILED");
        assertThat(data.onlyReminderTo(
                        moved.placed(), "one reminder, with the new address only, and no second one at a later look"))
                .contains("10 High Street")
                .doesNotContain("1 High Street")
                .contains("/events/cancel/");
    }

    /**
     * The dispatcher making a cancel link for the place (a row referring to it, not yet committed) as the next look for
     * reminders finds its superseded reminder given up on: the place is made due again and reminded in that look, not
     * passed over until the next. The test's connection inserts a cancel link for the place and holds it.
     */
    @Test
    void aReminderGivenUpOnAsTheHostMovedTheEventGoesAgainAtTheNextLookWhileACancelLinkIsBeingMadeForThePlace()
            throws Exception {
        MovedWhileSending moved = moveWhileTheReminderIsBeingSent(Attempt.FAILED_FOR_GOOD);
        data.awaitSubject(moved.placed(), "Changed: " + moved.title());
        long place = placeOf(moved.placed());

        try (Connection making = TestHosting.makingACancelLink(dataSource, place)) {
            assertThat(remindersOf(place))
                    .as("not reminded again before the look (by the minute's run)")
                    .isEqualTo(1);
            lookForRemindersWithoutWaitingFor(making, place);
            assertThat(remindersOf(place))
                    .as("reminded again in the look made as the link was being made")
                    .isEqualTo(2);
            making.rollback();
        }
        assertThat(data.awaitSubject(moved.placed(), "Reminder: " + moved.title())
                        .body())
                .contains("10 High Street");
    }

    /**
     * The same, for a superseded reminder that went: it is seen sent at that look, and not looked up again at every
     * look after it.
     */
    @Test
    void aReminderSentAsTheHostMovedTheEventIsSeenSentAtTheNextLookWhileACancelLinkIsBeingMadeForThePlace()
            throws Exception {
        MovedWhileSending moved = moveWhileTheReminderIsBeingSent(Attempt.SENT);
        data.awaitSubject(moved.placed(), "Changed: " + moved.title());
        long place = placeOf(moved.placed());

        try (Connection making = TestHosting.makingACancelLink(dataSource, place)) {
            assertThat(numbered.supersededReminders(Instant.now()))
                    .as("still looked up before the look (by the minute's run)")
                    .containsKey(place);
            lookForRemindersWithoutWaitingFor(making, place);
            assertThat(numbered.supersededReminders(Instant.now()))
                    .as("seen sent in the look made as the link was being made")
                    .doesNotContainKey(place);
            making.rollback();
        }
        assertThat(outboxIds(moved.placed(), "Reminder: %"))
                .as("the reminder that went is not sent again")
                .containsExactly(moved.reminder());
    }

    @Test
    void aChangedEmailBeingSentAsTheHostMovesTheEventAgainThatIsNotSentIsNeverSentAfterTheNewerOne() throws Exception {
        changedEmailBeingSentAsTheHostMovesTheEventAgain(true);
    }

    @Test
    void aChangedEmailToSomeoneNotYetConfirmedBeingSentAsTheHostMovesTheEventAgainIsNeverSentAfterTheNewerOne()
            throws Exception {
        changedEmailBeingSentAsTheHostMovesTheEventAgain(false);
    }

    /**
     * The notice of a move, to someone with a place or to someone not yet confirmed (whose notice has no link), is being
     * sent as the host moves the event again, and is then not sent after all: tried again, it must not go after the
     * newer one.
     */
    private void changedEmailBeingSentAsTheHostMovesTheEventAgain(boolean confirmed) throws Exception {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String placed = TestMailbox.uniqueAddress(confirmed ? "placed" : "pending");
        String confirmToken = data.registerAndGetConfirmToken(id, placed);
        if (confirmed) {
            registering.confirm(confirmToken, "127.0.0.1");
            data.awaitSubject(placed, "Place confirmed");
        }
        data.awaitAllSent(placed);
        // The host moves the event, as EventChanges does; the notice of it is queued, not yet due again after an
        // attempt that failed, so nothing but this test claims it.
        heldBack.moveHoldingBackMailTo(id, "10 High Street, London, E1 1AA", placed);
        long older = onlyOutboxId(placed, "Changed: %");

        // The dispatcher is sending it (a test connection holds its row) as the host moves the event again.
        try (Connection sending = TestHosting.holdOutboxMessage(dataSource, older)) {
            Future<?> host = threads.submit(() -> data.changeAsHost(
                    events.find(id).orElseThrow(), Map.of("address", "22 Market Street, London, E2 2BB")));
            savedWithoutWaitingFor(sending, host);
            assertThat(beingSent(older))
                    .as("the notice was being sent all through the change (the race was run)")
                    .isTrue();
            // The mail server refused it for now: it is still to send, and tried again later.
            sending.rollback();
        }
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains("22 Market Street");
        jdbc.sql("update notifications.outbox set next_attempt = now() where id = :id")
                .param("id", older)
                .update();
        dispatcher.wakeUp();
        data.awaitAllSent(placed);

        assertThat(outboxStatus(older))
                .as("tried again after the newer notice was queued, the older is withdrawn")
                .isEqualTo("WITHDRAWN");
        assertThat(TestMailbox.messagesTo(placed))
                .as("one notice of the change, with the latest address only")
                .filteredOn(m -> m.subject().startsWith("Changed"))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.body()).contains("22 Market Street").doesNotContain("10 High Street"));
    }

    @Test
    void aRegistrationNeverConfirmedDeletedAsTheHostMovesTheEventLeavesTheMoveSavedAndEveryoneElseTold()
            throws Exception {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        String forgotten = TestMailbox.uniqueAddress("forgotten");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        data.registerAndGetConfirmToken(id, forgotten);
        data.awaitAllSent(forgotten);
        long registration = registrationId(id, forgotten);

        Future<?> host;
        try (Connection holder = TestHosting.holdRegistration(dataSource, registration)) {
            host = threads.submit(() -> data.changeAsHost(
                    events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA")));
            // The host waits for the held registration as it takes the event's registrations for the move...
            awaitWaiting(HOLDING_THE_REGISTRATIONS);
            // ...as it is deleted, never confirmed, as DayBeforeReminders.forgetOldRegistrations deletes one after
            // 30 days without the event's lock.
            try (var deleted = holder.prepareStatement("delete from events.registration where id = ?")) {
                deleted.setLong(1, registration);
                assertThat(deleted.executeUpdate()).isOne();
            }
            holder.commit();
        }
        assertThat(host)
                .as("the host's move is saved, not refused with the error page")
                .succeedsWithin(Duration.ofSeconds(30));

        assertThat(events.find(id).orElseThrow().address()).startsWith("10 High Street");
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains("10 High Street");
        data.awaitAllSent(forgotten);
        assertThat(outboxIds(forgotten, "Changed: %"))
                .as("nothing is queued to the registration deleted")
                .isEmpty();
    }

    /**
     * A host moving an event takes its registrations in the order they were made, whatever order their rows lie in or
     * an index reads them: waiting for one held elsewhere, the move holds none made after it, so a job taking them in
     * that order never waits for the move while the move waits for it. The later registration is made to lie first
     * both in the table and by address.
     */
    @Test
    void aHostMovingAnEventWaitingForARegistrationHeldElsewhereHoldsNoneMadeAfterIt() throws Exception {
        long id = data.publish(
                data.roadshow(EventsTestData.title("Roadshow"), Instant.now().plus(Duration.ofDays(14)), 5));
        String earlier = TestMailbox.uniqueAddress("zz-earlier");
        String later = TestMailbox.uniqueAddress("aa-later");
        data.registerAndGetConfirmToken(id, earlier);
        data.registerAndGetConfirmToken(id, later);
        data.awaitAllSent(earlier);
        data.awaitAllSent(later);
        long first = registrationId(id, earlier);
        long second = registrationId(id, later);
        assertThat(first).as("the first was registered first").isLessThan(second);
        moveRowAfter(first, second, earlier);

        Future<?> host;
        try (Connection holder = TestHosting.holdRegistration(dataSource, first)) {
            host = threads.submit(() -> data.changeAsHost(
                    events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA")));
            awaitBlockedBy(holder);
            assertThat(heldElsewhere(second))
                    .as("the registration made later is not held while the move waits for the first")
                    .isFalse();
            holder.rollback();
        }
        assertThat(host).as("the move is saved").succeedsWithin(Duration.ofSeconds(30));
        assertThat(events.find(id).orElseThrow().address()).startsWith("10 High Street");
    }

    /**
     * Rewrites the registration, changing its address and back (so each version is indexed afresh, not reached
     * through its first), until its row lies after the other's in the table.
     */
    private void moveRowAfter(long registration, long other, String email) {
        for (int rewrites = 0; !rowOrder(registration, other).equals(List.of(other, registration)); rewrites++) {
            assertThat(rewrites).as("rewrites to move the row after the other").isLessThan(50);
            for (String address : List.of(email + ".moving", email)) {
                jdbc.sql("update events.registration set email = :email where id = :id")
                        .param("email", address)
                        .param("id", registration)
                        .update();
            }
        }
    }

    private List<Long> rowOrder(long one, long other) {
        return jdbc.sql("select id from events.registration where id in (:one, :other) order by ctid")
                .param("one", one)
                .param("other", other)
                .query(Long.class)
                .list();
    }

    private void awaitBlockedBy(Connection holder) throws Exception {
        int holding = LockWaits.backend(holder);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> LockWaits.blockedBy(jdbc, holding) > 0);
    }

    /** Whether the registration's row is locked by another transaction now. */
    private boolean heldElsewhere(long registration) {
        return jdbc.sql("""
                        select count(*) from (select id from events.registration where id = :id for update skip locked)
                        as free
                        """).param("id", registration).query(Integer.class).single() == 0;
    }

    @Test
    void theDispatcherTryingTwoSupersededRemindersAgainAsTheHostMovesTheEventAgainFailsNeitherAndBothGoWithTheNewPlace()
            throws Exception {
        List<Integer> madeDueByTheDispatcher = new ArrayList<>();
        for (boolean firstPlaceFirst : List.of(true, false)) {
            madeDueByTheDispatcher.add(twoSupersededRemindersTriedAgainAsTheHostMovesTheEventAgain(firstPlaceFirst));
        }
        assertThat(madeDueByTheDispatcher)
                .as("holding the first place registered, the dispatcher made both places due again (the host waited for"
                        + " that place before taking the other); holding the second, it left the first, which the host"
                        + " held, to the reminder job (both lock orders were run)")
                .containsExactly(2, 1);
    }

    /**
     * Two places at an event, each with a reminder that a move superseded while it was being sent and that is then
     * tried again: the dispatcher claims both in one batch, with a confirmation link for another event between them
     * whose registration the test holds. So the dispatcher has made the place it claimed first due again, and is held
     * before the other, as the host moves the event again, taking the places in the order they were registered, and
     * waits for the one the dispatcher holds. Then it is let go. Neither side may fail; each place then gets one
     * reminder, with the new address. Returns how many of the two places the dispatcher itself made due again.
     */
    private int twoSupersededRemindersTriedAgainAsTheHostMovesTheEventAgain(boolean firstPlaceFirst) throws Exception {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        long elsewhere = data.roadshowInTwoWeeks(5);
        remindEveryoneDueSoFar();
        data.forgetRegistrationsFromHere();
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");
        String pending = TestMailbox.uniqueAddress("pending");
        registering.confirm(data.registerAndGetConfirmToken(id, first), "127.0.0.1");
        registering.confirm(data.registerAndGetConfirmToken(id, second), "127.0.0.1");
        data.awaitSubject(first, "Place confirmed");
        data.awaitSubject(second, "Place confirmed");
        data.forgetRegistrationsFromHere();
        // The reminders and a confirmation link are queued, not yet due again, so nothing but this test claims them.
        heldBack.holdBack(
                () -> {
                    reminders.sendDue();
                    registering.register(
                            elsewhere,
                            new RegistrationDetails("Pending Registrant", pending, TeamRole.PRACTICE_MANAGER, null),
                            "127.0.0.1");
                },
                first,
                second,
                pending);
        assertThat(registrationId(id, first))
                .as("the first place was registered first")
                .isLessThan(registrationId(id, second));
        long firstReminder = onlyOutboxId(first, "Reminder: %");
        long secondReminder = onlyOutboxId(second, "Reminder: %");
        long confirmation = onlyOutboxId(pending, "Confirm your place: %");

        // Moved while both reminders were being sent: superseded, and then not sent after all.
        try (Connection sendingFirst = TestHosting.holdOutboxMessage(dataSource, firstReminder);
                Connection sendingSecond = TestHosting.holdOutboxMessage(dataSource, secondReminder)) {
            data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA"));
            sendingFirst.rollback();
            sendingSecond.rollback();
        }
        data.awaitSubject(first, "Changed: " + title);
        data.awaitSubject(second, "Changed: " + title);

        List<Long> claimed = firstPlaceFirst
                ? List.of(firstReminder, confirmation, secondReminder)
                : List.of(secondReminder, confirmation, firstReminder);
        Future<?> host;
        try (Connection holder = TestHosting.holdRegistration(dataSource, registrationId(elsewhere, pending))) {
            // Due before anything else, in this order, all at once: one claim takes the three, in one batch.
            jdbc.sql("""
                            update notifications.outbox
                            set next_attempt = timestamptz '2000-01-01 00:00:00+00'
                                + array_position(cast(:ids as bigint[]), id) * interval '1 second'
                            where id = any(cast(:ids as bigint[]))
                            """).param("ids", claimed.toArray(Long[]::new)).update();
            dispatcher.wakeUp();
            awaitWaiting("update events.registration r set confirm_hash");
            host = threads.submit(() -> data.changeAsHost(
                    events.find(id).orElseThrow(), Map.of("address", "22 Market Street, London, E2 2BB")));
            // The host waits for the place the dispatcher made due again: the race was run.
            awaitWaiting(HOLDING_THE_REGISTRATIONS);
            holder.rollback();
        }
        host.get(30, TimeUnit.SECONDS);
        data.awaitAllSent(first);
        data.awaitAllSent(second);
        assertThat(List.of(outboxStatus(firstReminder), outboxStatus(secondReminder)))
                .as("the superseded reminders are withdrawn unsent")
                .containsExactly("WITHDRAWN", "WITHDRAWN");
        int madeDue = jdbc.sql("""
                        select count(*) from events.registration where event_id = :id and reminded_at is null
                        """).param("id", id).query(Integer.class).single();

        reminders.sendDue();
        for (String placed : List.of(first, second)) {
            data.awaitSubject(placed, "Reminder: " + title);
            data.awaitAllSent(placed);
            assertThat(data.onlyReminderTo(placed, "one reminder, with the newest address only"))
                    .contains("22 Market Street")
                    .doesNotContain("10 High Street")
                    .doesNotContain("1 High Street");
        }
        return madeDue;
    }

    private long onlyOutboxId(String to, String subjectLike) {
        List<Long> ids = outboxIds(to, subjectLike);
        assertThat(ids).as("one message " + subjectLike + " queued").hasSize(1);
        return ids.get(0);
    }

    private long registrationId(long event, String email) {
        return jdbc.sql("select id from events.registration where event_id = :event and email = :email")
                .param("event", event)
                .param("email", email)
                .query(Long.class)
                .single();
    }

    /** How the dispatcher's attempt at sending the reminder ends, once the host's change is saved. */
    private enum Attempt {
        /** The mail server took it. */
        SENT,
        /** The mail server refused it for now, or the instance stopped: it is still to send. */
        NOT_SENT,
        /** The mail server refused it on its last allowed attempt: the dispatcher gives up on it. */
        FAILED_FOR_GOOD
    }

    /** The event, its registrant, and the reminder to them the dispatcher was sending as the host moved the event. */
    private record MovedWhileSending(String title, String placed, long reminder) {}

    /**
     * A host moves an event to another address while the dispatcher is sending the reminder to its registrant (a test
     * connection holds the reminder's row, as the dispatcher does until the mail server answers). The host's change
     * must be saved without waiting for it. Then the attempt ends: the reminder recorded as sent, or not sent (the
     * mail server refused it, or the instance stopped), and so still to send, or failed for good.
     */
    private MovedWhileSending moveWhileTheReminderIsBeingSent(Attempt attempt) throws Exception {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        remindEveryoneDueSoFar();
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        // The reminder is queued, not yet due again after an attempt that failed, so nothing but this test claims it.
        heldBack.holdBack(reminders::sendDue, placed);
        List<Long> queued = outboxIds(placed, "Reminder: %");
        assertThat(queued).as("the reminder is queued").hasSize(1);
        long reminder = queued.get(0);
        if (attempt == Attempt.FAILED_FOR_GOOD) {
            // Seven attempts failed already: the one being made is the last of the eight allowed by default.
            jdbc.sql("update notifications.outbox set attempts = 7 where id = :id")
                    .param("id", reminder)
                    .update();
        }

        try (Connection sending = TestHosting.holdOutboxMessage(dataSource, reminder)) {
            Future<?> host = threads.submit(() -> data.changeAsHost(
                    events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA")));
            savedWithoutWaitingFor(sending, host);
            assertThat(beingSent(reminder))
                    .as("the reminder was being sent all through the change (the race was run)")
                    .isTrue();
            if (attempt == Attempt.SENT) {
                try (var marked = sending.prepareStatement("""
                        update notifications.outbox
                        set status = 'SENT', body = null, attempts = attempts + 1, sent_at = now(), last_attempt = now()
                        where id = ?
                        """)) {
                    marked.setLong(1, reminder);
                    marked.executeUpdate();
                }
                sending.commit();
            } else if (attempt == Attempt.FAILED_FOR_GOOD) {
                // As the dispatcher marks a message whose last attempt failed (OutboxRepository.markFailed).
                try (var marked = sending.prepareStatement("""
                        update notifications.outbox
                        set status = 'FAILED', body = null, attempts = attempts + 1, last_attempt = now(),
                            last_error = '421 4.3.2 Service not available'
                        where id = ?
                        """)) {
                    marked.setLong(1, reminder);
                    marked.executeUpdate();
                }
                sending.commit();
            } else {
                sending.rollback();
            }
        }
        return new MovedWhileSending(title, placed, reminder);
    }

    /**
     * Waits for the host's change to be saved while the test's connection holds a message as the dispatcher holds one it
     * is sending, failing as soon as the change is seen waiting for it: saved while it is being sent, not after it,
     * however long the change itself takes on a loaded machine.
     */
    private void savedWithoutWaitingFor(Connection sending, Future<?> host) throws Exception {
        int holding = LockWaits.backend(sending);
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(20))
                .failFast(
                        "the host's change waited for the message being sent",
                        () -> LockWaits.blockedBy(jdbc, holding) > 0)
                .until(host::isDone);
        host.get();
    }

    /**
     * A look for reminders made while the test's connection holds a cancel link being made for the place: it must not
     * wait for it, and the connection must still hold the place against a look locking it for update, which would pass
     * it over, or the race was not run.
     */
    private void lookForRemindersWithoutWaitingFor(Connection holding, long place) throws Exception {
        Future<Integer> run = threads.submit(reminders::sendDue);
        int holder = LockWaits.backend(holding);
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .pollInterval(Duration.ofMillis(20))
                .failFast(
                        "the look for reminders waited for the test's connection",
                        () -> LockWaits.blockedBy(jdbc, holder) > 0)
                .until(run::isDone);
        run.get();
        assertThat(TestHosting.holdsAgainstLockingForUpdate(dataSource, holder, place))
                .as("the link being made still holds the place against a look locking it for update (the race was run)")
                .isTrue();
    }

    private long placeOf(String email) {
        return jdbc.sql("select id from events.registration where email = :email")
                .param("email", email)
                .query(Long.class)
                .single();
    }

    /** Whether the message's row is locked by another transaction now, as a message the dispatcher is sending is. */
    private boolean beingSent(long message) {
        return jdbc.sql("""
                        select count(*) from (select id from notifications.outbox where id = :id for update skip locked)
                        as free
                        """).param("id", message).query(Integer.class).single() == 0;
    }

    private int remindersOf(long registration) {
        return jdbc.sql("select reminders from events.registration where id = :id")
                .param("id", registration)
                .query(Integer.class)
                .single();
    }

    private String outboxStatus(long message) {
        return jdbc.sql("select status from notifications.outbox where id = :id")
                .param("id", message)
                .query(String.class)
                .single();
    }

    private void remindEveryoneDueSoFar() {
        while (reminders.sendDue() > 0) {
            // Earlier tests' registrations due now would otherwise come first in the held batch.
        }
    }

    private void awaitWaiting(String statement) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> LockWaits.waiting(jdbc, statement) > 0);
    }

    /**
     * Waits until the host has finished or is waiting for the event's lock; true if it was seen waiting. Either way
     * the host acted, or tried to, while the other side was held after reading the event.
     */
    private boolean hostWaitsOrIsDone(Future<?> host) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(
                        () -> host.isDone() ? Boolean.FALSE : hostWaitsForTheEvent() ? Boolean.TRUE : null,
                        r -> r != null);
    }

    private boolean hostWaitsForTheEvent() {
        return TestHosting.waitingForTheEvent(jdbc, "for update") > 0;
    }

    private List<Long> outboxIds(String to, String subjectLike) {
        return jdbc.sql("""
                        select id from notifications.outbox where recipient = :to and subject like :subject
                        order by id
                        """)
                .param("to", to)
                .param("subject", subjectLike)
                .query(Long.class)
                .list();
    }
}
