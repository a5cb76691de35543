package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.gpaction.notifications.internal.OutboxDispatcher;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reminder goes once to each confirmed registrant, even with several instances sending at once, and only it
 * carries a webinar's joining link. A change after it went is a notice of the change, not a second reminder, unless
 * the event moved to another day.
 */
@GpActionTest
class DayBeforeRemindersTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    DayBeforeReminders reminders;

    @Autowired
    Events events;

    @Autowired
    Registrations registrations;

    @Autowired
    DataSource dataSource;

    EventsTestData data;
    HeldBackMail heldBack;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        heldBack = new HeldBackMail(jdbc, transactions, events, registrations);
    }

    @Test
    void eachConfirmedRegistrantIsRemindedOnceWithTheJoiningLinkWhateverRunsAtOnce() throws Exception {
        String joiningLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=secret";
        String title = EventsTestData.title("Webinar");
        long event = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 1, joiningLink));
        // Not due until the test holds the registrations: the scheduled run (every minute, in this shared context) can
        // remind the place only behind the hold, as one more of the runs raced.
        remindAt(event, Instant.now().plus(Duration.ofHours(3)));
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        registering.confirm(data.registerAndGetConfirmToken(event, placed), "127.0.0.1");
        registering.confirm(data.registerAndGetConfirmToken(event, waiting), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        data.awaitSubject(waiting, "On the waiting list");
        long place = placeOf(event, placed);
        // Places other tests left due on the shared database are reminded first (a batch at a time), so no run raced
        // below waits for one of theirs behind the hold.
        while (reminders.sendDue() > 0) {}

        // While the test holds the registrations, the run that takes the place waits to mark it reminded, holding it;
        // the others come and go meanwhile, and must pass it over rather than remind it too (or wait for it).
        ExecutorService instances = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        AtomicIntegerArray backends = new AtomicIntegerArray(3);
        try (Connection registrationsHeld = TestHosting.holdRegistrations(dataSource)) {
            int holder = LockWaits.backend(registrationsHeld);
            // Due now: a change of the event's row, which the hold on its registrations does not stop.
            remindAt(event, Instant.now().minusSeconds(1));
            for (int i = 0; i < 3; i++) {
                int run = i;
                runs.add(instances.submit(() -> {
                    go.await();
                    return new TransactionTemplate(transactions).execute(status -> {
                        backends.set(run, LockWaits.thisBackend(jdbc));
                        return reminders.sendDue();
                    });
                }));
            }
            go.countDown();
            AtomicInteger claimer = new AtomicInteger();
            await().atMost(TestMailbox.DEFAULT_WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        claimer.set(waitingHolderOf(place, holder));
                        return claimer.get() != 0 && doneOrWaiting(runs, backends);
                    });
            assertThat(LockWaits.waitingBehind(jdbc, claimer.get()))
                    .as("no other run waits for the place")
                    .isZero();
            assertThat(TestHosting.holdsAgainstLockingForNoKeyUpdate(dataSource, claimer.get(), place))
                    .as("a run waiting behind the hold holds the place (a raced run or a scheduled one)")
                    .isTrue();
            // Any raced run not done waits behind the hold for something else (not the place, as just seen).
            List<Integer> passedOver = new ArrayList<>();
            for (Future<Integer> run : runs) {
                if (run.isDone()) {
                    passedOver.add(run.get());
                }
            }
            assertThat(passedOver)
                    .as("raced runs came and went while another held the place, passing it over (the runs overlapped)")
                    .isNotEmpty()
                    .containsOnly(0);
            registrationsHeld.rollback();
            for (Future<Integer> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }
        await().atMost(TestMailbox.DEFAULT_WAIT).until(() -> reminded(place));
        reminders.sendDue();
        assertThat(remindersOf(place))
                .as("the place is reminded once, by the run that held it, and a second round does not remind it again")
                .isOne();

        TestMailbox.Message reminder = data.awaitSubject(placed, "Reminder: " + title);
        assertThat(reminder.body()).contains(joiningLink).contains("/events/cancel/");
        data.awaitAllSent(placed);
        data.awaitAllSent(waiting);
        List<TestMailbox.Message> toPlaced = TestMailbox.messagesTo(placed);
        assertThat(toPlaced).filteredOn(m -> m.subject().startsWith("Reminder")).hasSize(1);
        assertThat(toPlaced)
                .filteredOn(m -> !m.subject().startsWith("Reminder"))
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(joiningLink));
        assertThat(TestMailbox.messagesTo(waiting))
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(joiningLink))
                .noneMatch(m -> m.subject().startsWith("Reminder"));

        Http anyone = new Http(port);
        assertThat(anyone.get("/events/" + event).body()).doesNotContain("meet.example.org");
        assertThat(anyone.get("/api/events").body()).doesNotContain("meet.example.org");
        assertThat(anyone.get("/events/" + event + "/event.ics").body()).doesNotContain("meet.example.org");
    }

    @Test
    void aPlaceGivenAfterTheRemindersTimeIsToldTheJoiningLinkComesShortlyAndItDoes() {
        String joiningLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=shortly";
        String title = EventsTestData.title("Webinar");
        long event = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 1, joiningLink));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(event, placed), "127.0.0.1");
        assertThat(data.awaitSubject(placed, "Place confirmed").body())
                .as("placed after the reminder's time, the link comes at once, not the day before")
                .contains("The joining link comes in a separate email shortly")
                .doesNotContain("the day before")
                .doesNotContain(joiningLink);
        // This run, or the scheduled one before it.
        reminders.sendDue();
        assertThat(data.awaitSubject(placed, "Reminder: " + title).body()).contains(joiningLink);
    }

    @Test
    void aJoiningLinkChangedAfterTheRemindersWentOutIsSentToThoseRemindedAndTheRestGetItInTheirReminder() {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        String early = TestMailbox.uniqueAddress("early");
        String late = TestMailbox.uniqueAddress("late");
        registering.confirm(data.registerAndGetConfirmToken(id, early), "127.0.0.1");
        data.awaitSubject(early, "Place confirmed");
        reminders.sendDue();
        TestMailbox.Message reminder = data.awaitSubject(early, "Reminder: " + title);
        assertThat(reminder.body()).contains(oldLink);
        assertThat(reminder.subject())
                .as("a reminder sent on the event's own day names the day")
                .isEqualTo("Reminder: " + title + " is " + dayWord(id));
        String lateToken = data.registerAndGetConfirmToken(id, late);

        Event event = events.find(id).orElseThrow();
        Http host = new Http(port);
        assertThat(host.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).status()).isLessThan(400);
        Http.Response editPage = host.get("/hosting/events/" + id + "/edit");
        LocalDateTime start = LocalDateTime.ofInstant(event.startsAt(), UkTime.ZONE);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("title", event.title());
        form.put("kind", "WEBINAR");
        form.put("lmc", event.lmc() == null ? "" : event.lmc());
        form.put("region", event.region() == null ? "" : event.region().name());
        form.put("joiningLink", newLink);
        form.put("day", start.toLocalDate().toString());
        form.put("startTime", start.toLocalTime().toString());
        form.put(
                "endTime",
                LocalDateTime.ofInstant(event.endsAt(), UkTime.ZONE)
                        .toLocalTime()
                        .toString());
        form.put("capacity", Integer.toString(event.capacity()));
        form.put("description", event.description());
        form.put("version", EventsTestData.hidden(editPage, "version"));
        Http.Response saved = host.postForm("/hosting/events/" + id + "/edit", form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(host.get("/hosting/events/" + id).body())
                .as("only the one reminded had the old link")
                .contains("The event is changed; the 1 person it concerns has been emailed");
        assertThat(data.awaitSubject(early, "New joining link: " + title).body())
                .contains(newLink)
                .doesNotContain(oldLink);
        registering.confirm(lateToken, "127.0.0.1");
        data.awaitSubject(late, "Place confirmed");
        reminders.sendDue();
        assertThat(data.awaitSubject(late, "Reminder: " + title).body()).contains(newLink);
        data.awaitAllSent(early);
        assertThat(TestMailbox.messagesTo(early))
                .as("one reminder, one new link, nothing more")
                .filteredOn(
                        m -> m.subject().startsWith("Reminder") || m.subject().startsWith("New joining link"))
                .hasSize(2);
        assertThat(TestMailbox.messagesTo(late)).noneMatch(m -> m.subject().startsWith("New joining link"));
    }

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    OutboxDispatcher dispatcher;

    @Test
    void aReminderOrConfirmationLinkStillUnsentWhenTheHostCancelsIsWithdrawnAndTheCancellationStillGoes() {
        String joiningLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=cancelled";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, joiningLink));
        String placed = TestMailbox.uniqueAddress("placed");
        String pending = TestMailbox.uniqueAddress("pending");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        data.forgetRegistrationsFromHere();
        // The reminder, and another person's confirmation link, are queued and held back (the mail server down)...
        heldBack.holdBack(
                () -> {
                    reminders.sendDue();
                    registering.register(
                            id,
                            new RegistrationDetails("Late Registrant", pending, TeamRole.PRACTICE_MANAGER, null),
                            "127.0.0.1");
                },
                placed,
                pending);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient in (:placed, :pending) and status = 'PENDING'
                        """)
                        .param("placed", placed)
                        .param("pending", pending)
                        .query(Integer.class)
                        .single())
                .as("the reminder and the confirmation link are queued")
                .isEqualTo(2);

        // ...past the host's cancellation, whose notice goes at once.
        data.cancelAsHost(id);
        assertThat(data.awaitSubject(placed, "Cancelled: " + title).body()).doesNotContain(joiningLink);
        letGo(placed, pending);
        data.awaitAllSent(placed);
        data.awaitAllSent(pending);

        assertThat(jdbc.sql("""
                        select status from notifications.outbox
                        where (recipient = :placed and subject like 'Reminder:%')
                           or (recipient = :pending and subject like 'Confirm your place:%')
                        """)
                        .param("placed", placed)
                        .param("pending", pending)
                        .query(String.class)
                        .list())
                .containsExactly("WITHDRAWN", "WITHDRAWN");
        assertThat(TestMailbox.messagesTo(placed))
                .noneMatch(m -> m.subject().startsWith("Reminder"))
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(joiningLink));
        assertThat(TestMailbox.messagesTo(pending))
                .noneMatch(m -> m.subject().startsWith("Confirm your place"))
                .noneMatch(m -> m.body().contains("/events/confirm/"));
    }

    @Test
    void aChangedEmailStillUnsentToSomeoneNotYetConfirmedWhenTheHostCancelsIsWithdrawn() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String pending = TestMailbox.uniqueAddress("pending");
        data.registerAndGetConfirmToken(id, pending);
        data.awaitAllSent(pending);
        // The notice of the host's move, which tells them to confirm with the earlier link, is queued and held back
        // (the mail server down)...
        heldBack.moveHoldingBackMailTo(id, "10 High Street, London, E1 1AA", pending);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :pending and status = 'PENDING' and subject like 'Changed:%'
                        """).param("pending", pending).query(Integer.class).single())
                .as("the notice of the move is queued")
                .isOne();

        // ...past the host's cancellation, whose notice goes at once.
        data.cancelAsHost(id);
        data.awaitSubject(pending, "Cancelled: " + title);
        letGo(pending);
        data.awaitAllSent(pending);

        assertThat(jdbc.sql("""
                        select status from notifications.outbox where recipient = :pending and subject like 'Changed:%'
                        """).param("pending", pending).query(String.class).list())
                .containsExactly("WITHDRAWN");
        assertThat(TestMailbox.messagesTo(pending))
                .as("no email after the cancellation tells them to confirm a place at it")
                .noneMatch(m -> m.subject().startsWith("Changed"));
    }

    @Test
    void aReminderStillUnsentWhenTheHostMovesTheEventGoesWithTheNewPlace() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        // The reminder is queued and held back (the mail server down)...
        holdBackTheRemindersTo(placed);

        // ...past the host's move to another address, whose notice goes at once.
        data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA"));
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains("10 High Street");
        letGo(placed);
        data.awaitAllSent(placed);

        assertThat(data.onlyReminderTo(placed, "one reminder, with the new address only"))
                .contains("10 High Street")
                .doesNotContain("1 High Street")
                .contains("/events/cancel/");
    }

    @Test
    void aChangedEmailStillUnsentWhenTheHostMovesTheEventAgainIsWithdrawnSoOnlyTheLatestDetailsGo() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        // The host moves the event, as EventChanges does, and the notice of it is held back (the mail server down)...
        heldBack.moveHoldingBackMailTo(id, "10 High Street, London, E1 1AA", placed);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :placed and status = 'PENDING' and subject like 'Changed:%'
                        """).param("placed", placed).query(Integer.class).single())
                .as("the notice of the first move is queued")
                .isOne();

        // ...past the host's second move, whose notice goes at once.
        data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "22 Market Street, London, E2 2BB"));
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains("22 Market Street");
        letGo(placed);
        data.awaitAllSent(placed);

        assertThat(TestMailbox.messagesTo(placed))
                .as("one notice of the change, with the latest address only")
                .filteredOn(m -> m.subject().startsWith("Changed"))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.body()).contains("22 Market Street").doesNotContain("10 High Street"));
    }

    @Test
    void aChangedEmailStillUnsentToSomeoneNotYetConfirmedWhenTheHostMovesTheEventAgainIsWithdrawnSoOnlyTheLatestGoes() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String unconfirmed = TestMailbox.uniqueAddress("unconfirmed");
        String confirmsBetween = TestMailbox.uniqueAddress("between");
        data.registerAndGetConfirmToken(id, unconfirmed);
        String token = data.registerAndGetConfirmToken(id, confirmsBetween);
        // The host moves the event while both are still to confirm, and the notices of it are held back (the mail
        // server down)...
        heldBack.moveHoldingBackMailTo(id, "10 High Street, London, E1 1AA", unconfirmed, confirmsBetween);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient in (:addresses) and status = 'PENDING' and subject like 'Changed:%'
                        """)
                        .param("addresses", List.of(unconfirmed, confirmsBetween))
                        .query(Integer.class)
                        .single())
                .as("the notices of the first move are queued")
                .isEqualTo(2);
        // ...one of them confirms meanwhile, with the link of the email they had before the move...
        registering.confirm(token, "127.0.0.1");
        data.awaitSubject(confirmsBetween, "Place confirmed");

        // ...and the host moves the event again, whose notices go at once.
        data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "22 Market Street, London, E2 2BB"));
        assertThat(data.awaitSubject(unconfirmed, "Changed: " + title).body()).contains("22 Market Street");
        assertThat(data.awaitSubject(confirmsBetween, "Changed: " + title).body())
                .contains("22 Market Street");
        letGo(unconfirmed, confirmsBetween);
        data.awaitAllSent(unconfirmed);
        data.awaitAllSent(confirmsBetween);

        for (String address : List.of(unconfirmed, confirmsBetween)) {
            assertThat(TestMailbox.messagesTo(address))
                    .as("one notice of the change to %s, with the latest address only", address)
                    .filteredOn(m -> m.subject().startsWith("Changed"))
                    .singleElement()
                    .satisfies(m ->
                            assertThat(m.body()).contains("22 Market Street").doesNotContain("10 High Street"));
        }
    }

    @Test
    void aChangedEmailStillUnsentToSomeoneWhoThenConfirmsIsWithdrawnAsTheirPlacesEmailHasTheNewDetails() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String confirms = TestMailbox.uniqueAddress("confirms");
        String token = data.registerAndGetConfirmToken(id, confirms);
        // The host moves the event while they are still to confirm, and the notice telling them to confirm with the
        // earlier link is held back (the mail server down)...
        heldBack.moveHoldingBackMailTo(id, "10 High Street, London, E1 1AA", confirms);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :address and status = 'PENDING' and subject like 'Changed:%'
                        """).param("address", confirms).query(Integer.class).single())
                .as("the notice of the move is queued")
                .isOne();
        // ...they confirm meanwhile with that earlier link, and the email of their place has the new address...
        registering.confirm(token, "127.0.0.1");
        assertThat(data.awaitSubject(confirms, "Place confirmed").body()).contains("10 High Street");

        // ...so once the mail server is back, nothing tells them their place is not confirmed yet.
        letGo(confirms);
        data.awaitAllSent(confirms);

        assertThat(jdbc.sql("""
                        select status from notifications.outbox where recipient = :address and subject like 'Changed:%'
                        """).param("address", confirms).query(String.class).list())
                .containsExactly("WITHDRAWN");
        assertThat(TestMailbox.messagesTo(confirms))
                .as("no email after they confirmed says their place is not confirmed yet")
                .noneMatch(m -> m.subject().startsWith("Changed"))
                .noneMatch(m -> m.body().contains("not confirmed yet"));
    }

    @Test
    void aChangedEmailQueuedBeforeTheyWereNumberedAndStillUnsentIsWithdrawnByTheNextMove() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofDays(14)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        long registration = jdbc.sql("select id from events.registration where event_id = :event and email = :email")
                .param("event", id)
                .param("email", placed)
                .query(Long.class)
                .single();
        // A notice of a move queued by the version before they were numbered, held back (the mail server down) over
        // the upgrade, which made it a notice of a move of its own category (notifications V12): its reference the
        // registration's id alone, number 0.
        long queuedBefore = jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, status, next_attempt,
                            created_at, secret_link_reference)
                        values (:placed, :subject, :body, :category, 'PENDING', now() + interval '1 hour', now(),
                            :reference)
                        returning id
                        """)
                .param("placed", placed)
                .param("subject", "Changed: " + title)
                .param(
                        "body",
                        "The details of an event you registered for have changed. It is now at 10 High Street."
                                + "\n\nCancel: {{secret-link}}")
                .param("category", EventLinks.MOVE_NOTICE)
                .param("reference", Long.toString(registration))
                .query(Long.class)
                .single();

        data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "22 Market Street, London, E2 2BB"));
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains("22 Market Street");
        letGo(placed);
        data.awaitAllSent(placed);

        assertThat(jdbc.sql("select status from notifications.outbox where id = :id")
                        .param("id", queuedBefore)
                        .query(String.class)
                        .single())
                .as("the notice queued before the upgrade is withdrawn")
                .isEqualTo("WITHDRAWN");
        assertThat(TestMailbox.messagesTo(placed))
                .as("one notice of the change, with the latest address only")
                .filteredOn(m -> m.subject().startsWith("Changed"))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.body()).contains("22 Market Street").doesNotContain("10 High Street"));
    }

    @Test
    void aWebinarsNewLinkInAChangedEmailStillUnsentWhenTheHostMovesItAgainGoesInTheLatestNotice() {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        String early = TestMailbox.uniqueAddress("early");
        registering.confirm(data.registerAndGetConfirmToken(id, early), "127.0.0.1");
        data.awaitSubject(early, "Place confirmed");
        reminders.sendDue();
        assertThat(data.awaitSubject(early, "Reminder: " + title).body()).contains(oldLink);
        data.awaitAllSent(early);
        // The host gives the webinar a new joining link as it ends a minute later, and the notice of it, the only email
        // with the new link, is held back (the mail server down)...
        heldBack.changeHoldingBackMailTo(
                id,
                before -> EventsTestData.changed(
                        before, before.address(), newLink, before.endsAt().plus(Duration.ofMinutes(1))),
                early);
        assertThat(jdbc.sql("""
                        select body from notifications.outbox
                        where recipient = :early and status = 'PENDING' and subject like 'Changed:%'
                        """).param("early", early).query(String.class).single())
                .as("the notice of the first move, with the new link, is queued")
                .contains(newLink);

        // ...past the host's second move, of the time alone, on the same day: the reminder does not go again.
        Event moved = events.find(id).orElseThrow();
        LocalDateTime end = LocalDateTime.ofInstant(moved.endsAt(), UkTime.ZONE);
        data.changeAsHost(
                moved, Map.of("endTime", end.plusMinutes(1).toLocalTime().toString()));
        data.awaitSubject(early, "Changed: " + title);
        letGo(early);
        reminders.sendDue();
        data.awaitAllSent(early);

        assertThat(TestMailbox.messagesTo(early))
                .as("one notice, of the latest time, carrying the new link the notice it replaced carried")
                .filteredOn(m -> m.subject().startsWith("Changed"))
                .singleElement()
                .satisfies(m -> assertThat(m.body()).contains(newLink).doesNotContain(oldLink));
        assertThat(TestMailbox.messagesTo(early))
                .filteredOn(m -> m.subject().startsWith("Reminder"))
                .hasSize(1);
    }

    @Test
    void aChangedEmailStillUnsentWhenTheHostChangesOnlyTheJoiningLinkIsWithdrawnSoTheLatestEmailHasTheNewLink() {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        String early = TestMailbox.uniqueAddress("early");
        registering.confirm(data.registerAndGetConfirmToken(id, early), "127.0.0.1");
        data.awaitSubject(early, "Place confirmed");
        reminders.sendDue();
        assertThat(data.awaitSubject(early, "Reminder: " + title).body()).contains(oldLink);
        data.awaitAllSent(early);
        // The host moves the end of the webinar a minute later, and the notice of it, with the old link, is held back
        // (the mail server down)...
        heldBack.changeHoldingBackMailTo(
                id,
                before -> EventsTestData.changed(
                        before,
                        before.address(),
                        before.joiningLink(),
                        before.endsAt().plus(Duration.ofMinutes(1))),
                early);
        assertThat(jdbc.sql("""
                        select body from notifications.outbox
                        where recipient = :early and status = 'PENDING' and subject like 'Changed:%'
                        """).param("early", early).query(String.class).single())
                .as("the notice of the move, with the old link, is queued")
                .contains(oldLink);

        // ...past the host's change of the joining link alone, whose email goes at once.
        data.changeAsHost(events.find(id).orElseThrow(), Map.of("joiningLink", newLink));
        assertThat(data.awaitSubject(early, "Changed: " + title).body())
                .as("the email of the new link, replacing the notice of the move, says the webinar changed")
                .contains("This webinar has changed since your reminder, and so has its joining link")
                .contains(newLink);
        letGo(early);
        reminders.sendDue();
        data.awaitAllSent(early);

        assertThat(TestMailbox.messagesTo(early))
                .as("every email after the change of link has the new link only, none the old one after it")
                .filteredOn(
                        m -> m.subject().startsWith("Changed") || m.subject().startsWith("New joining link"))
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.body()).contains(newLink).doesNotContain(oldLink));
        assertThat(TestMailbox.messagesTo(early))
                .filteredOn(m -> m.subject().startsWith("Reminder"))
                .hasSize(1);
    }

    @Test
    void aReminderStillUnsentWhenTheJoiningLinkChangesGoesWithTheNewLinkInsteadOfANoticeOfIt() {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        String early = TestMailbox.uniqueAddress("early");
        String held = TestMailbox.uniqueAddress("held");
        registering.confirm(data.registerAndGetConfirmToken(id, early), "127.0.0.1");
        data.awaitSubject(early, "Place confirmed");
        reminders.sendDue();
        assertThat(data.awaitSubject(early, "Reminder: " + title).body()).contains(oldLink);
        registering.confirm(data.registerAndGetConfirmToken(id, held), "127.0.0.1");
        data.awaitSubject(held, "Place confirmed");
        holdBackTheRemindersTo(held);

        data.changeAsHost(events.find(id).orElseThrow(), Map.of("joiningLink", newLink));
        assertThat(data.awaitSubject(early, "New joining link: " + title).body())
                .contains(newLink)
                .doesNotContain(oldLink);
        letGo(held);

        assertThat(data.awaitSubject(held, "Reminder: " + title).body()).contains(newLink);
        data.awaitAllSent(held);
        assertThat(TestMailbox.messagesTo(held))
                .as("one reminder, with the new link only, and no notice of the new link as well")
                .filteredOn(
                        m -> m.subject().startsWith("Reminder") || m.subject().startsWith("New joining link"))
                .singleElement()
                .satisfies(reminder ->
                        assertThat(reminder.body()).contains(newLink).doesNotContain(oldLink));
    }

    @Test
    void aReminderStillUnsentWhenTheEventMovesToALaterDayGoesOnlyTheDayBeforeTheNewDay() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        holdBackTheRemindersTo(placed);
        Event event = events.find(id).orElseThrow();
        LocalDate later = LocalDateTime.ofInstant(event.startsAt(), UkTime.ZONE)
                .toLocalDate()
                .plusDays(7);
        String laterDay = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).format(later);

        data.changeAsHost(event, Map.of("day", later.toString()));
        assertThat(data.awaitSubject(placed, "Changed: " + title).body()).contains(laterDay);
        letGo(placed);
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed))
                .as("no reminder a week before the new day")
                .noneMatch(m -> m.subject().startsWith("Reminder"));

        // The day before the new day comes.
        jdbc.sql("update events.event set remind_at = now() - interval '1 minute' where id = :id")
                .param("id", id)
                .update();
        reminders.sendDue();
        assertThat(data.awaitSubject(placed, "Reminder: " + title).body()).contains(laterDay);
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed))
                .filteredOn(m -> m.subject().startsWith("Reminder"))
                .hasSize(1);
    }

    /** Queues the reminders due and holds back those to this address, as a mail server that is down would. */
    private void holdBackTheRemindersTo(String address) {
        heldBack.holdBack(reminders::sendDue, address);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :address and status = 'PENDING' and subject like 'Reminder:%'
                        """).param("address", address).query(Integer.class).single())
                .as("the reminder is queued")
                .isOne();
    }

    /** The mail server is back: what was held back for these addresses is due now. */
    private void letGo(String... addresses) {
        jdbc.sql("""
                        update notifications.outbox set next_attempt = now()
                        where recipient in (:addresses) and status = 'PENDING'
                        """).param("addresses", List.of(addresses)).update();
        dispatcher.wakeUp();
    }

    @Test
    void someoneGivenAPlaceAfterTheRemindersWentOutIsRemindedToo() {
        String title = EventsTestData.title("Late roadshow");
        long event = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 1));
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");
        registering.confirm(data.registerAndGetConfirmToken(event, first), "127.0.0.1");
        String firstCancel = EventsTestData.cancelToken(data.awaitSubject(first, "Place confirmed"));
        registering.confirm(data.registerAndGetConfirmToken(event, second), "127.0.0.1");
        data.awaitSubject(second, "On the waiting list");
        reminders.sendDue();
        data.awaitSubject(first, "Reminder: " + title);

        registering.cancel(firstCancel, "127.0.0.1");
        data.awaitSubject(second, "A place has come up");
        reminders.sendDue();
        assertThat(data.awaitSubject(second, "Reminder: " + title).body()).contains("Committee Room");
    }

    /**
     * The dispatcher making the cancel link of an email to someone with a place (a row referring to their place, not
     * yet committed) as the reminders go: the place is reminded in that run, not passed over until the next, and the
     * run does not wait for the link. The test's connection inserts a cancel link for the place and holds it.
     */
    @Test
    void aPlaceWhoseCancelLinkIsBeingMadeAsTheRemindersGoIsRemindedInThatRun() throws Exception {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        long place = placeOf(id, placed);

        ExecutorService job = Executors.newSingleThreadExecutor();
        try (Connection making = TestHosting.makingACancelLink(dataSource, place)) {
            assertThat(reminded(place))
                    .as("not reminded before the run (by the minute's run)")
                    .isFalse();
            Future<Integer> run = job.submit(reminders::sendDue);
            int holding = LockWaits.backend(making);
            await().atMost(TestMailbox.DEFAULT_WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .failFast("the run waited for the link being made", () -> LockWaits.blockedBy(jdbc, holding) > 0)
                    .until(run::isDone);
            run.get();
            assertThat(TestHosting.holdsAgainstLockingForUpdate(dataSource, holding, place))
                    .as("the link being made still holds the place against a run locking it for update, which would"
                            + " pass it over (the race was run)")
                    .isTrue();
            assertThat(reminded(place))
                    .as("reminded in the run made as the link was being made")
                    .isTrue();
            making.rollback();
        } finally {
            job.shutdownNow();
        }
        assertThat(data.awaitSubject(placed, "Reminder: " + title).body()).contains("/events/cancel/");
    }

    /**
     * The other way round: a reminder run still holding the places it has reminded (not yet committed) does not hold up
     * the dispatcher making a cancel link for one of them, which would hold the dispatcher's whole batch until the run
     * ends. The test's transaction runs the reminders; before it commits, a cancel link is made for the place. That the
     * run still holds the place then is checked too: were the reminders to run in a transaction of their own, not
     * joining the caller's, the run would have committed and let go before the link, and the race would not be run.
     */
    @Test
    void aReminderRunNotYetCommittedDoesNotHoldUpACancelLinkBeingMadeForThePlace() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        long place = placeOf(id, placed);

        ExecutorService dispatching = Executors.newSingleThreadExecutor();
        AtomicReference<Future<Connection>> making = new AtomicReference<>();
        try {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                assertThat(reminded(place))
                        .as("not reminded before the run (by the minute's run)")
                        .isFalse();
                reminders.sendDue();
                assertThat(reminded(place)).as("reminded by the run").isTrue();
                int run = LockWaits.thisBackend(jdbc);
                making.set(dispatching.submit(() -> TestHosting.makingACancelLink(dataSource, place)));
                await().atMost(TestMailbox.DEFAULT_WAIT)
                        .pollInterval(Duration.ofMillis(20))
                        .failFast("the link waited for the reminder run", () -> LockWaits.blockedBy(jdbc, run) > 0)
                        .until(making.get()::isDone);
                try (Connection made = making.get().get()) {
                    assertThat(TestHosting.holdsAgainstLockingForNoKeyUpdate(dataSource, run, place))
                            .as("the run, not yet committed, holds the place as its link is made (the race was run)")
                            .isTrue();
                    made.rollback();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            dispatching.shutdown();
            closeOnceMade(making.get());
        }
        assertThat(data.awaitSubject(placed, "Reminder: " + title).body()).contains("/events/cancel/");
    }

    @Test
    void anAddressCorrectedAfterTheRemindersWentOutIsOneChangedEmailNotASecondReminder() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        reminders.sendDue();
        assertThat(data.awaitSubject(placed, "Reminder: " + title).body()).contains("1 High Street");

        data.changeAsHost(events.find(id).orElseThrow(), Map.of("address", "10 High Street, London, E1 1AA"));

        assertThat(data.awaitSubject(placed, "Changed: " + title).body())
                .contains("10 High Street")
                .contains("/events/cancel/");
        reminders.sendDue();
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed))
                .as("one reminder, then one notice of the new address")
                .filteredOn(
                        m -> m.subject().startsWith("Reminder") || m.subject().startsWith("Changed"))
                .extracting(TestMailbox.Message::subject)
                .containsExactlyInAnyOrder("Reminder: " + title + " is " + dayWord(id), "Changed: " + title);
    }

    @Test
    void anEventMovedToAnotherDayAfterItsReminderIsRemindedAgainTheDayBeforeTheNewDay() {
        String title = EventsTestData.title("Roadshow");
        long id = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 5));
        String placed = TestMailbox.uniqueAddress("placed");
        registering.confirm(data.registerAndGetConfirmToken(id, placed), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        reminders.sendDue();
        data.awaitSubject(placed, "Reminder: " + title);
        Event event = events.find(id).orElseThrow();
        LocalDate later = LocalDateTime.ofInstant(event.startsAt(), UkTime.ZONE)
                .toLocalDate()
                .plusDays(7);

        data.changeAsHost(event, Map.of("day", later.toString()));

        assertThat(data.awaitSubject(placed, "Changed: " + title).body())
                .contains(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK).format(later));
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :id and reminded_at is null")
                        .param("id", id)
                        .query(Integer.class)
                        .single())
                .as("due a reminder again, the day before the new day")
                .isOne();
    }

    @Test
    void aWebinarMovedOnItsDayWithANewLinkIsOneNoticeCarryingTheLinkToThoseAlreadyReminded() {
        String oldLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=old";
        String newLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=new";
        String title = EventsTestData.title("Webinar");
        long id = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 5, oldLink));
        String early = TestMailbox.uniqueAddress("early");
        registering.confirm(data.registerAndGetConfirmToken(id, early), "127.0.0.1");
        data.awaitSubject(early, "Place confirmed");
        reminders.sendDue();
        data.awaitSubject(early, "Reminder: " + title);
        Event event = events.find(id).orElseThrow();
        LocalDateTime end = LocalDateTime.ofInstant(event.endsAt(), UkTime.ZONE);

        data.changeAsHost(
                event,
                Map.of(
                        "joiningLink",
                        newLink,
                        "endTime",
                        end.plusMinutes(1).toLocalTime().toString()));

        assertThat(data.awaitSubject(early, "Changed: " + title).body())
                .contains(newLink)
                .doesNotContain(oldLink);
        reminders.sendDue();
        data.awaitAllSent(early);
        assertThat(TestMailbox.messagesTo(early))
                .as("one reminder, one notice, nothing more")
                .filteredOn(m -> m.subject().startsWith("Reminder")
                        || m.subject().startsWith("Changed")
                        || m.subject().startsWith("New joining link"))
                .hasSize(2);
    }

    @Test
    void anEventsFiguresStayTheSameOnceItsRegistrationsAreDeletedAYearAfterIt() {
        long id = data.publish(data.roadshow(
                EventsTestData.title("Old roadshow"), Instant.now().plus(Duration.ofDays(14)), 3));
        data.forgetRegistrationsFromHere();
        List<Long> came = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String address = TestMailbox.uniqueAddress("old" + i);
            registering.confirm(data.registerAndGetConfirmToken(id, address), "127.0.0.1");
            if (i < 2) {
                came.add(placeOf(id, address));
            }
        }
        data.forgetRegistrationsFromHere();
        registrations.recordAttendance(id, came);
        // The event ended 366 days ago: past the year its registrations are kept for.
        endedAt(id, Instant.now().minus(Duration.ofDays(366)));
        Http host = new Http(port);
        Http.Response before = host.get("/api/events/" + id, data.adminToken());
        assertThat(before.json().get("confirmed").asInt()).isEqualTo(3);

        reminders.forgetOldRegistrations();
        reminders.forgetOldRegistrations();

        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :id")
                        .param("id", id)
                        .query(Integer.class)
                        .single())
                .as("nobody in it can be named any more")
                .isZero();
        Http.Response after = host.get("/api/events/" + id, data.adminToken());
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.json().get("confirmed").asInt()).isEqualTo(3);
        assertThat(after.json().get("waiting").asInt()).isEqualTo(1);
        assertThat(after.json().get("pending").asInt()).isZero();
        assertThat(after.json().get("attended").asInt()).isEqualTo(2);
        assertThat(registrations.counts(id)).isEqualTo(new Registrations.Counts(3, 1, 0, 2));
    }

    @Test
    void theNotYetConfirmedFigureOfAnEventOverOrCancelledStaysTheSameOnceItsUnconfirmedRegistrationsAreDeleted() {
        Instant now = Instant.now();
        long over = data.roadshowInTwoWeeks(10);
        long cancelled = data.roadshowInTwoWeeks(10);
        long upcoming = data.roadshowInTwoWeeks(10);
        for (long id : new long[] {over, cancelled, upcoming}) {
            registration(id, "never confirmed", now.minus(Duration.ofDays(31)), null);
        }
        registration(over, "not yet confirmed", now.minus(Duration.ofDays(10)), null);
        // It ended 5 days ago, far inside the year its registrations are kept for.
        endedAt(over, now.minus(Duration.ofDays(5)));
        jdbc.sql("update events.event set status = 'CANCELLED' where id = :id")
                .param("id", cancelled)
                .update();
        Http host = new Http(port);
        assertThat(host.get("/api/events/" + over, data.adminToken())
                        .json()
                        .get("pending")
                        .asInt())
                .isEqualTo(2);

        reminders.forgetOldRegistrations();

        assertThat(jdbc.sql("""
                        select count(*) from events.registration
                        where event_id in (:over, :cancelled, :upcoming) and requested_at < :monthAgo
                        """)
                        .param("over", over)
                        .param("cancelled", cancelled)
                        .param("upcoming", upcoming)
                        .param("monthAgo", Timestamp.from(now.minus(Duration.ofDays(30))))
                        .query(Integer.class)
                        .single())
                .as("those never confirmed are deleted 30 days after they were made")
                .isZero();
        assertThat(host.get("/api/events/" + over, data.adminToken())
                        .json()
                        .get("pending")
                        .asInt())
                .as("what the host was told of an event over stays true")
                .isEqualTo(2);
        assertThat(registrations.counts(over)).isEqualTo(new Registrations.Counts(0, 0, 2, 0));
        assertThat(registrations.counts(cancelled))
                .as("nobody can confirm for a cancelled event either")
                .isEqualTo(new Registrations.Counts(0, 0, 1, 0));
        assertThat(registrations.counts(upcoming))
                .as("before the event, a registration deleted unconfirmed is no longer waiting to be confirmed")
                .isEqualTo(new Registrations.Counts(0, 0, 0, 0));
    }

    @Test
    void aCancelledRegistrationIsKept30DaysAfterItWasCancelledHoweverLongBeforeItWasMade() {
        long id = data.roadshowInTwoWeeks(10);
        Instant now = Instant.now();
        Instant fortyDaysAgo = now.minus(Duration.ofDays(40));
        Map<String, Long> made = new LinkedHashMap<>();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            made.put("cancelled today", registration(id, "cancelled today", fortyDaysAgo, now));
            made.put(
                    "cancelled 29 days ago",
                    registration(id, "cancelled 29", fortyDaysAgo, now.minus(Duration.ofDays(29))));
            made.put(
                    "cancelled 31 days ago",
                    registration(id, "cancelled 31", fortyDaysAgo, now.minus(Duration.ofDays(31))));
            made.put("never confirmed", registration(id, "never confirmed", now.minus(Duration.ofDays(31)), null));
            reminders.forgetOldRegistrations();
        });

        List<Long> kept = jdbc.sql("select id from events.registration where event_id = :id order by id")
                .param("id", id)
                .query(Long.class)
                .list();
        assertThat(kept).containsExactly(made.get("cancelled today"), made.get("cancelled 29 days ago"));
        assertThat(new Http(port).get("/privacy").body())
                .containsPattern("Event registrations never confirmed</th>\\s*<td[^>]*>30 days after they were made<")
                .containsPattern("Event registrations cancelled</th>\\s*<td[^>]*>30 days after they were cancelled<");
    }

    private long placeOf(long event, String email) {
        return jdbc.sql("select id from events.registration where event_id = :id and email = :email")
                .param("id", event)
                .param("email", email)
                .query(Long.class)
                .single();
    }

    /** How many reminders have been queued for the place. */
    private int remindersOf(long registration) {
        return jdbc.sql("select reminders from events.registration where id = :id")
                .param("id", registration)
                .query(Integer.class)
                .single();
    }

    /**
     * The backend that holds the place locked and waits for the backend {@code holder}, or 0 if none does now: the row's
     * xmax names the transaction that locked it last, the run that claimed it.
     */
    private int waitingHolderOf(long registration, int holder) {
        return jdbc.sql("""
                        select a.pid from pg_stat_activity a join events.registration r on r.xmax = a.backend_xid
                        where r.id = :id and :holder = any(pg_blocking_pids(a.pid))
                        """)
                .param("id", registration)
                .param("holder", holder)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** Whether each run is done, or has begun and waits for a lock (the hold's, or the place's holder's). */
    private boolean doneOrWaiting(List<Future<Integer>> runs, AtomicIntegerArray backends) {
        for (int i = 0; i < runs.size(); i++) {
            if (!runs.get(i).isDone()
                    && (backends.get(i) == 0
                            || !jdbc.sql("select cardinality(pg_blocking_pids(:pid)) > 0")
                                    .param("pid", backends.get(i))
                                    .query(Boolean.class)
                                    .single())) {
                return false;
            }
        }
        return true;
    }

    /** Makes the event's reminders due from then on. */
    private void remindAt(long event, Instant at) {
        jdbc.sql("update events.event set remind_at = :at where id = :id")
                .param("at", Timestamp.from(at))
                .param("id", event)
                .update();
    }

    private boolean reminded(long registration) {
        return jdbc.sql("select reminded_at is not null from events.registration where id = :id")
                .param("id", registration)
                .query(Boolean.class)
                .single();
    }

    /**
     * Closes the connection making a cancel link once it has made it, as the test's own close does when it passes: when
     * it fails as the link waits for the run, the link is made as the run rolls back, and its connection would go back
     * to the pool later with the insert open, holding the place. Nothing it throws hides the test's own failure.
     */
    private static void closeOnceMade(Future<Connection> making) {
        if (making == null) {
            return;
        }
        try {
            // Closing rolls the insert back; closing one already closed does nothing.
            making.get(TestMailbox.DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | SQLException e) {
            // Never made, so nothing to close; a failure to make it is the test's to report.
        }
    }

    /** Moves the event into the past: it ran for two hours until {@code ended}, its reminder due a day before. */
    private void endedAt(long event, Instant ended) {
        jdbc.sql("""
                        update events.event set starts_at = :starts, ends_at = :ends, remind_at = :remind
                        where id = :id
                        """)
                .param("starts", Timestamp.from(ended.minus(Duration.ofHours(2))))
                .param("ends", Timestamp.from(ended))
                .param("remind", Timestamp.from(ended.minus(Duration.ofDays(1))))
                .param("id", event)
                .update();
    }

    /** A registration made then, cancelled at {@code cancelledAt}, or never confirmed when that is null. */
    private long registration(long event, String name, Instant requestedAt, Instant cancelledAt) {
        return jdbc.sql("""
                        insert into events.registration
                            (event_id, name, email, role, status, requested_at, cancelled_at)
                        values (:event, :name, :email, 'GP_PARTNER', :status, :requested, :cancelled)
                        returning id
                        """)
                .param("event", event)
                .param("name", name)
                .param("email", name.replace(' ', '.') + "." + event + "@example.org")
                .param("status", cancelledAt == null ? "PENDING" : "CANCELLED")
                .param("requested", Timestamp.from(requestedAt))
                .param("cancelled", cancelledAt == null ? null : Timestamp.from(cancelledAt))
                .query(Long.class)
                .single();
    }

    /** How a reminder names the event's day: the day itself in UK time, whenever it is sent. */
    private String dayWord(long id) {
        LocalDate day =
                events.find(id).orElseThrow().startsAt().atZone(UkTime.ZONE).toLocalDate();
        return "on " + DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK).format(day);
    }
}
