package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * "Confirm my place" clicked twice: the second click shows the outcome of the first, not a failure, and the link does
 * nothing more.
 */
@GpActionTest
@ExtendWith(OutputCaptureExtension.class)
class ConfirmTwiceTests {

    private static final int RUNS = 4;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    DayBeforeReminders reminders;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Events events;

    @Autowired
    Registrations registrations;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    /** Someone's confirmation link, opened in their browser: its page shown, nothing confirmed yet. */
    private record ConfirmPage(long event, String address, String token, Http person) {}

    /** A new roadshow with places free, registered for at a new address, whose confirmation link is opened. */
    private ConfirmPage openConfirmPage(String addressPrefix) {
        return openConfirmPage(addressPrefix, data.roadshowInTwoWeeks(5));
    }

    /** As {@link #openConfirmPage(String)}, for this event. */
    private ConfirmPage openConfirmPage(String addressPrefix, long event) {
        String address = TestMailbox.uniqueAddress(addressPrefix);
        String token = data.registerAndGetConfirmToken(event, address);
        Http person = new Http(port);
        assertThat(person.get("/events/confirm/" + token).status()).isEqualTo(200);
        return new ConfirmPage(event, address, token, person);
    }

    /** The first press confirms a place before the reminder's time, which then comes (before any second press). */
    private void confirmBeforeTheReminderIsDue_thenMakeItDue(ConfirmPage opened) {
        confirmBeforeTheReminderIsDue(opened);
        makeTheReminderDue(opened);
    }

    private void confirmBeforeTheReminderIsDue(ConfirmPage opened) {
        Http.Response first = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());
        assertThat(first.body()).contains("We will send a reminder the day before");
    }

    private void makeTheReminderDue(ConfirmPage opened) {
        jdbc.sql("update events.event set remind_at = now() - interval '1 minute' where id = :event")
                .param("event", opened.event())
                .update();
    }

    /**
     * Makes the reminder due and queues it, held back, in one transaction: the reminder job scheduled in every cached
     * application context (each minute) never sees it due before this test has queued it and held it back, so never
     * sends it first.
     */
    private void makeTheReminderDueAndQueueItHeldBack(ConfirmPage opened) {
        new HeldBackMail(jdbc, transactions, events, registrations)
                .holdBack(
                        () -> {
                            makeTheReminderDue(opened);
                            reminders.sendDue();
                        },
                        opened.address());
    }

    @Test
    void theSecondClickOfConfirmShowsThePlace_andConfirmsNothingMore() {
        ConfirmPage opened = openConfirmPage("twice");

        Http.Response first = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());
        Http.Response second = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("Your place is confirmed").doesNotContain("cannot be used");
        data.awaitSubject(opened.address(), "Place confirmed");
        data.awaitAllSent(opened.address());
        assertThat(TestMailbox.messagesTo(opened.address()))
                .as("one email of the place")
                .filteredOn(m -> m.subject().startsWith("Place confirmed"))
                .hasSize(1);
        assertThat(opened.person().get("/events/confirm/" + opened.token()).status())
                .as("the used link opens no page to confirm again")
                .isEqualTo(404);
    }

    /**
     * A repeat shows whether the person has a place and whether their address is a member's: told again to whoever
     * presses the link soon after, not to whoever finds it in a mailbox months later.
     */
    @Test
    void theLinkPressedAgainShowsThePlaceOnlyWithinTenMinutesOfConfirming_thenItIsSpent() {
        ConfirmPage opened = openConfirmPage("later");
        data.confirm(opened.token(), opened.address(), "Place confirmed");

        confirmedAgo(opened.event(), opened.address(), Duration.ofMinutes(9));
        Http.Response withinTheWindow = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());
        confirmedAgo(opened.event(), opened.address(), Duration.ofMinutes(11));
        Http.Response afterIt = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());

        assertThat(withinTheWindow.status()).as(withinTheWindow.body()).isEqualTo(200);
        assertThat(withinTheWindow.body()).contains("Your place is confirmed");
        assertThat(afterIt.status()).as(afterIt.body()).isEqualTo(404);
        assertThat(afterIt.body())
                .contains("This link cannot be used")
                .contains("It may have been used already")
                .doesNotContain("Your place is confirmed", "waiting list</h1>", "join-offer");
        assertThat(data.count(opened.event(), "CONFIRMED")).isOne();
    }

    /**
     * The reminder's time came between the two presses and the reminder went: the second press says it has been sent,
     * not that one comes.
     */
    @Test
    void theLinkPressedAgainAfterTheReminderWentSaysItWasSent_notThatItComes() {
        ConfirmPage opened = openConfirmPage("reminded");
        confirmBeforeTheReminderIsDue_thenMakeItDue(opened);
        reminders.sendDue();
        data.awaitSubject(opened.address(), "Reminder: ");

        Http.Response second = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body().replaceAll("\\s+", " "))
                .contains("Your place is confirmed")
                .contains("We have sent your reminder in a separate email")
                .doesNotContain("shortly", "We will send a reminder");
    }

    /**
     * The reminder's time came between the two presses and the reminder was queued but is held back (the mail server
     * down): the second press says it comes shortly, not that it has been sent.
     */
    @Test
    void theLinkPressedAgainWhileTheReminderIsHeldBackSaysItComesShortly_notThatItWasSent() {
        ConfirmPage opened = openConfirmPage("held-back");
        confirmBeforeTheReminderIsDue(opened);
        makeTheReminderDueAndQueueItHeldBack(opened);
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :address and status = 'PENDING' and subject like 'Reminder:%'
                        """)
                        .param("address", opened.address())
                        .query(Integer.class)
                        .single())
                .as("the reminder is queued and held back")
                .isOne();

        Http.Response second = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body().replaceAll("\\s+", " "))
                .contains("Your place is confirmed")
                .contains("shortly")
                .doesNotContain("We have sent your reminder");
    }

    /**
     * The reminder's time came between the two presses and the dispatcher gave up on it (its last attempt failed): it
     * will never come, so the second press says so and what to do, not that it comes shortly.
     */
    @Test
    void theLinkPressedAgainAfterTheReminderFailedSaysItCouldNotBeSent_notThatItComesShortly() {
        ConfirmPage opened = openConfirmPage("failed");
        String page = pressedAgainAfterTheReminderFailed(opened);

        assertThat(page)
                .contains("Your place is confirmed")
                .contains("The email confirming your place has the details, with a link to cancel if you cannot come")
                .contains("We could not send your reminder, a separate email, to " + opened.address())
                .contains("Add the event to your calendar")
                .doesNotContain(
                        "We have emailed you the details",
                        "shortly",
                        "We have sent your reminder",
                        "We will send a reminder");
    }

    /**
     * A webinar's reminder carries its joining link, which no page shows and for which the event names no contact: the
     * page says the link could not be sent, and sends nobody to a host it gives no way to reach.
     */
    @Test
    void aWebinarsLinkPressedAgainAfterTheReminderFailedSaysTheJoiningLinkWasNotSent_sendingNobodyToAHostUnreached() {
        long webinar = data.publish(data.webinar(
                EventsTestData.title("Webinar"),
                Instant.now().plus(Duration.ofDays(14)),
                5,
                "https://meet.example.org/reminder-failed"));
        ConfirmPage opened = openConfirmPage("failed-webinar", webinar);
        String page = pressedAgainAfterTheReminderFailed(opened);

        assertThat(page)
                .contains("We could not send your reminder, a separate email, to " + opened.address())
                .contains("The webinar's joining link goes in the reminder, and no page shows it")
                .doesNotContain("contact the event's host", "meet.example.org");
    }

    /**
     * An address that rejects our mail: the email confirming the place was given up on as well as the reminder, so the
     * page does not send them to it for the details, and says the cancel link is only in our emails and what to do.
     */
    @Test
    void theLinkPressedAgainAfterTheConfirmationAndTheReminderFailedClaimsNoEmailHasTheDetails() {
        ConfirmPage opened = openConfirmPage("both-failed");
        String page = pressedAgainAfterTheReminderFailed(opened, true);

        assertThat(page)
                .contains("Your place is confirmed")
                .contains(
                        "We could not send the email confirming your place, nor your reminder, to " + opened.address())
                .contains("The link to cancel your place is only in our emails")
                .contains("register again from the event's page")
                .contains(
                        "with an email address that takes our emails. Registering again does not cancel this registration")
                .contains("Add the event to your calendar")
                .doesNotContain(
                        "The email confirming your place has the details",
                        "We have emailed you the details",
                        "joining link");
    }

    /** As for a roadshow, and the webinar's joining link goes only by email too: the page says so. */
    @Test
    void aWebinarsLinkPressedAgainAfterTheConfirmationAndTheReminderFailedSaysTheJoiningLinkIsOnlyInOurEmails() {
        long webinar = data.publish(data.webinar(
                EventsTestData.title("Webinar"),
                Instant.now().plus(Duration.ofDays(14)),
                5,
                "https://meet.example.org/both-failed"));
        ConfirmPage opened = openConfirmPage("both-failed-webinar", webinar);
        String page = pressedAgainAfterTheReminderFailed(opened, true);

        assertThat(page)
                .contains(
                        "We could not send the email confirming your place, nor your reminder, to " + opened.address())
                .contains("The link to cancel your place, and the webinar's joining link, are only in our emails")
                .doesNotContain("The email confirming your place has the details", "meet.example.org");
    }

    /** Confirms, makes the reminder due and fails it as the dispatcher does, then presses the link again. */
    private String pressedAgainAfterTheReminderFailed(ConfirmPage opened) {
        return pressedAgainAfterTheReminderFailed(opened, false);
    }

    /**
     * As {@link #pressedAgainAfterTheReminderFailed(ConfirmPage)}, with the email confirming the place given up on too
     * when {@code confirmationToo}, as for an address that rejects mail.
     */
    private String pressedAgainAfterTheReminderFailed(ConfirmPage opened, boolean confirmationToo) {
        confirmBeforeTheReminderIsDue(opened);
        if (confirmationToo) {
            data.awaitSubject(opened.address(), "Place confirmed");
            data.awaitAllSent(opened.address());
            assertThat(jdbc.sql("""
                            update notifications.outbox
                            set status = 'FAILED', body = null, last_error = '550 5.1.1 Mailbox unavailable'
                            where recipient = :address and subject like 'Place confirmed:%'
                            """).param("address", opened.address()).update())
                    .as("the email confirming the place, now given up on")
                    .isOne();
        }
        makeTheReminderDueAndQueueItHeldBack(opened);
        // As the dispatcher marks a message whose last attempt failed.
        assertThat(jdbc.sql("""
                        update notifications.outbox
                        set status = 'FAILED', body = null, attempts = attempts + 1, last_attempt = now(),
                            last_error = '421 4.3.2 Service not available'
                        where recipient = :address and status = 'PENDING' and subject like 'Reminder:%'
                        """).param("address", opened.address()).update())
                .as("the reminder was queued, and is now given up on")
                .isOne();

        Http.Response second = opened.person().postForm("/events/confirm/" + opened.token(), Map.of());

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        return second.body().replaceAll("\\s+", " ");
    }

    /**
     * Both presses of a double click at once: each tab shows the place and one registration is confirmed. The event is
     * held (as a host's change would hold it) until both presses are seen waiting for it, so both have found the link
     * still unused and the later one meets the claim already made: the race the test is about happens in every run,
     * and the log line it writes shows that path answered.
     */
    @Test
    void bothPressesOfADoubleClickAtOnceShowThePlace_andOnlyOneConfirms(CapturedOutput output) throws Exception {
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        long answeredByTheFirstPressesConfirmation = 0;
        try {
            for (int run = 0; run < RUNS; run++) {
                ConfirmPage opened = openConfirmPage("at-once");
                Http sameBrowser = opened.person().sameBrowserOn(port);
                long registration = registrationOf(opened.event(), opened.address());
                CountDownLatch together = new CountDownLatch(1);

                Future<Http.Response> first;
                Future<Http.Response> second;
                try (Connection host = TestHosting.holdEvent(dataSource, opened.event())) {
                    first = tabs.submit(() -> {
                        together.await();
                        return opened.person().postForm("/events/confirm/" + opened.token(), Map.of());
                    });
                    second = tabs.submit(() -> {
                        together.await();
                        return sameBrowser.postForm("/events/confirm/" + opened.token(), Map.of());
                    });
                    together.countDown();
                    Future<Http.Response> firstPress = first;
                    Future<Http.Response> secondPress = second;
                    await("run " + run + ": both presses waiting for the event")
                            .atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20))
                            .failFast(
                                    "a press was answered while the event was held",
                                    () -> firstPress.isDone() || secondPress.isDone())
                            .until(() -> TestHosting.waitingForTheEvent(jdbc, "for update") == 2);
                    assertThat(data.status(opened.event(), opened.address()))
                            .as("run %d", run)
                            .isEqualTo("PENDING");
                    host.rollback();
                }
                for (Http.Response press : List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS))) {
                    assertThat(press.status())
                            .as("run %d: %s", run, press.body())
                            .isEqualTo(200);
                    assertThat(press.body()).as("run %d", run).contains("Your place is confirmed");
                }
                assertThat(data.count(opened.event(), "CONFIRMED"))
                        .as("run %d", run)
                        .isOne();
                data.awaitSubject(opened.address(), "Place confirmed");
                data.awaitAllSent(opened.address());
                assertThat(TestMailbox.messagesTo(opened.address()))
                        .as("run %d: one email of the place", run)
                        .filteredOn(m -> m.subject().startsWith("Place confirmed"))
                        .hasSize(1);
                answeredByTheFirstPressesConfirmation += Pattern.compile("Registration " + registration
                                + ": its confirmation link was sent twice at once or replaced meanwhile; the"
                                + " later press was answered with what the first did")
                        .matcher(output.getAll())
                        .results()
                        .count();
            }
        } finally {
            tabs.shutdownNow();
        }
        assertThat(answeredByTheFirstPressesConfirmation)
                .as("runs whose later press found the claim made and was answered with the first press's place")
                .isEqualTo(RUNS);
    }

    @Test
    void theSecondClickOfConfirmOnAFullEventShowsTheWaitingList() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        String token = data.registerAndGetConfirmToken(event, waiting);
        Http person = new Http(port);
        assertThat(person.get("/events/confirm/" + token).status()).isEqualTo(200);

        person.postForm("/events/confirm/" + token, Map.of());
        Http.Response second = person.postForm("/events/confirm/" + token, Map.of());

        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("You are on the waiting list");
        assertThat(data.count(event, "CONFIRMED")).isOne();
        assertThat(data.count(event, "WAITING")).isOne();
    }

    @Test
    void aConfirmLinkOfARegistrationCancelledSinceShowsNothing() {
        long event = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("cancels");
        String token = data.registerAndGetConfirmToken(event, placed);
        String cancel = data.confirm(token, placed, "Place confirmed");
        Http person = new Http(port);
        assertThat(person.get("/events/cancel/" + cancel).status()).isEqualTo(200);
        assertThat(person.postForm("/events/cancel/" + cancel, Map.of()).status())
                .isEqualTo(200);

        Http.Response again = person.postForm("/events/confirm/" + token, Map.of());

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body()).doesNotContain("Your place is confirmed");
    }

    @Test
    void aConfirmLinkReplacedByAskingAgainSaysItWasReplaced_notOnlyThatItMayHaveBeenUsed() {
        long event = data.roadshowInTwoWeeks(5);
        String twice = TestMailbox.uniqueAddress("asks-twice");
        String replaced = data.registerAndGetConfirmToken(event, twice);
        assertThat(data.register(event, "Asks Twice", twice).status()).isEqualTo(202);
        data.awaitAllSent(twice);

        Http.Response page = new Http(port).get("/events/confirm/" + replaced);

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("asking for a place again").contains("only the latest one works");
        data.forgetUnknownLinksFromHere();
    }

    /** Moves the registration's confirmation (when its link was used) this long back. */
    private void confirmedAgo(long event, String email, Duration ago) {
        assertThat(jdbc.sql("""
                                update events.registration set placed_at = :at
                                where event_id = :event and email = :email
                                """)
                        .param("at", Timestamp.from(Instant.now().minus(ago)))
                        .param("event", event)
                        .param("email", email)
                        .update())
                .isOne();
    }

    private long registrationOf(long event, String email) {
        return jdbc.sql("select id from events.registration where event_id = :event and email = :email")
                .param("event", event)
                .param("email", email)
                .query(Long.class)
                .single();
    }
}
