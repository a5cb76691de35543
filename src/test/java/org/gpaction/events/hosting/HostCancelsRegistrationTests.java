package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A host cancels someone's registration from the event's page (someone who phoned to give up their place, or
 * addresses a script registered to fill the event): the place goes to the first person waiting, who is emailed, and
 * the person removed is told the hosts cancelled it.
 */
@GpActionTest
class HostCancelsRegistrationTests {

    private static final int RUNS = 3;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void aHostCancelsAPlace_theFirstWaitingIsGivenIt_andBothAreEmailed() {
        String title = EventsTestData.title("Full roadshow");
        long id = data.publish(data.roadshow(title, java.time.Instant.now().plus(Duration.ofDays(14)), 1));
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        data.confirm(data.registerAndGetConfirmToken(id, placed), placed, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(id, waiting), waiting, "On the waiting list");
        long registration = registration(id, placed);
        Http host = data.signedInHost();

        String eventPage = host.get("/hosting/events/" + id).body();
        assertThat(eventPage)
                .contains("href=\"/hosting/events/" + id + "/registrations/" + registration + "/cancel\"")
                .contains("Cancel this registration");
        Http.Response confirmPage = host.get(cancelPath(id, registration));
        assertThat(confirmPage.status()).as(confirmPage.body()).isEqualTo(200);
        assertThat(confirmPage.body())
                .contains("Cancel this registration")
                .contains("Registrant " + placed.substring(0, 12))
                .contains("the first person on the waiting list is given it");
        assertThat(data.status(id, placed))
                .as("looking at the page cancels nothing")
                .isEqualTo("CONFIRMED");

        Http.Response cancelled = host.postForm(cancelPath(id, registration), Map.of());

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(302);
        assertThat(host.get("/hosting/events/" + id).body())
                .contains("The registration is cancelled; its place went to the first person waiting")
                .contains("1 of 1 confirmed, 0 waiting");
        assertThat(data.status(id, placed)).isEqualTo("CANCELLED");
        assertThat(data.status(id, waiting)).isEqualTo("CONFIRMED");
        assertThat(data.awaitSubject(waiting, "A place has come up: " + title).body())
                .contains("Someone cancelled");
        assertThat(data.awaitSubject(placed, "Your registration was cancelled by the hosts: " + title)
                        .body())
                .contains("The hosts of this event have cancelled your place")
                .doesNotContain("/events/cancel/");
    }

    @Test
    void aRegistrationNeverConfirmed_isRemovedWithoutAnEmail_asItsAddressMayNeverHaveAskedForIt() {
        String title = EventsTestData.title("Scripted roadshow");
        long id = data.publish(data.roadshow(title, java.time.Instant.now().plus(Duration.ofDays(14)), 5));
        String neverAsked = TestMailbox.uniqueAddress("never-asked");
        String confirmToken = data.registerAndGetConfirmToken(id, neverAsked);
        long registration = registration(id, neverAsked);
        Http host = data.signedInHost();

        Http.Response confirmPage = host.get(cancelPath(id, registration));
        assertThat(confirmPage.status()).as(confirmPage.body()).isEqualTo(200);
        assertThat(confirmPage.body())
                .contains("It was never confirmed")
                .contains("removed, and nobody is emailed")
                .doesNotContain("They are emailed");

        Http.Response removed = host.postForm(cancelPath(id, registration), Map.of());

        assertThat(removed.status()).as(removed.body()).isEqualTo(302);
        assertThat(host.get("/hosting/events/" + id).body())
                .contains("The registration, never confirmed, is removed; nobody was emailed")
                .doesNotContain(neverAsked);
        assertThat(jdbc.sql("select count(*) from events.registration where id = :id")
                        .param("id", registration)
                        .query(Integer.class)
                        .single())
                .as("removed")
                .isZero();
        data.awaitAllSent(neverAsked);
        assertThat(TestMailbox.messagesTo(neverAsked))
                .as("only the email asking to confirm, which the address never asked for")
                .extracting(TestMailbox.Message::subject)
                .allMatch(subject -> subject.startsWith("Confirm your place"));
        Http person = new Http(port);
        assertThat(person.get("/events/confirm/" + confirmToken).status())
                .as("its confirmation link opens nothing")
                .isEqualTo(404);
        person.get("/events/" + id);
        assertThat(person.postForm("/events/confirm/" + confirmToken, Map.of()).status())
                .isEqualTo(404);
        assertThat(data.count(id, "CONFIRMED")).isZero();
    }

    @Test
    void anOfficerOfAnotherLmc_isRefusedBeforeTheFormIsRead_asIfTheEventWereNone_andNothingChanges() {
        long id = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("placed");
        data.confirm(data.registerAndGetConfirmToken(id, placed), placed, "Place confirmed");
        long registration = registration(id, placed);
        EventsTestData elsewhere = new EventsTestData(jdbc, port, attempts);
        Http otherOfficer = new Http(port);
        otherOfficer.signIn(data.staff("LMC_OFFICER", List.of(), elsewhere.lmc), EventsTestData.PASSWORD);

        assertThat(otherOfficer.get(cancelPath(id, registration)).status()).isEqualTo(404);
        otherOfficer.get("/hosting/events");
        Http.Response withItsToken = otherOfficer.postForm(cancelPath(id, registration), Map.of("x", "y"));
        Http.Response withoutAToken = otherOfficer.postFormExactly(cancelPath(id, registration), Map.of("x", "y"));

        for (Http.Response refused : List.of(withItsToken, withoutAToken)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(404);
            assertThat(refused.body())
                    .as("the refusal before the body is read (the CSRF check would read it), not a page after it")
                    .isEqualTo("There is no event " + id + " you host");
            assertThat(refused.header("Connection")).isEqualTo("close");
        }
        assertThat(data.status(id, placed)).isEqualTo("CONFIRMED");
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed).stream()
                        .filter(message -> message.subject().startsWith("Your registration was cancelled")))
                .isEmpty();
    }

    @Test
    void aCancelSentWithoutTheFormsToken_isRefused403_andNothingChanges() {
        long id = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        data.confirm(data.registerAndGetConfirmToken(id, placed), placed, "Place confirmed");
        long registration = registration(id, placed);
        String waiting = TestMailbox.uniqueAddress("waiting");
        data.confirm(data.registerAndGetConfirmToken(id, waiting), waiting, "On the waiting list");
        Http host = data.signedInHost();
        assertThat(host.get(cancelPath(id, registration)).status()).isEqualTo(200);

        Http.Response none = host.postFormExactly(cancelPath(id, registration), Map.of());
        Http.Response forged = host.postFormExactly(cancelPath(id, registration), Map.of("_csrf", "not-the-token"));

        assertThat(none.status()).as(none.body()).isEqualTo(403);
        assertThat(forged.status()).as(forged.body()).isEqualTo(403);
        assertThat(data.status(id, placed)).isEqualTo("CONFIRMED");
        assertThat(data.status(id, waiting)).isEqualTo("WAITING");
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed).stream()
                        .filter(message -> message.subject().startsWith("Your registration was cancelled")))
                .isEmpty();
    }

    @Test
    void aRegistrationCancelledAlready_orAtAnEventThatHasStarted_isRefusedSayingSo_andChangesNothing() {
        long id = data.roadshowInTwoWeeks(5);
        long registration = TestHosting.placedAt(data, jdbc, id);
        Http host = data.signedInHost();
        assertThat(host.postForm(cancelPath(id, registration), Map.of()).status())
                .isEqualTo(302);

        Http.Response again = host.postForm(cancelPath(id, registration), Map.of());

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.body()).contains("This registration is already cancelled");

        long started = data.roadshowInTwoWeeks(5);
        long there = TestHosting.placedAt(data, jdbc, started);
        jdbc.sql("""
                        update events.event set starts_at = now() - interval '30 minutes',
                                                ends_at = now() + interval '90 minutes'
                        where id = :id
                        """).param("id", started).update();
        assertThat(host.get("/hosting/events/" + started).body()).doesNotContain("Cancel this registration");

        Http.Response refused = host.postForm(cancelPath(started, there), Map.of());

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("This event has started");
        assertThat(status(there)).isEqualTo("CONFIRMED");
        assertThat(host.postForm(cancelPath(id, there), Map.of()).status())
                .as("a registration of another event")
                .isEqualTo(404);
        assertThat(status(there)).isEqualTo("CONFIRMED");
    }

    @Test
    void twoHostsCancellingOneRegistrationAtOnce_oneCancelsIt_theOtherIsToldItWasCancelledAlready() throws Exception {
        Http atTheDesk = data.signedInHost();
        Http onThePhone = data.signedInHost();

        for (int run = 0; run < RUNS; run++) {
            long id = data.roadshowInTwoWeeks(1);
            long registration = TestHosting.placedAt(data, jdbc, id);
            String waiting = TestMailbox.uniqueAddress("waiting");
            data.confirm(data.registerAndGetConfirmToken(id, waiting), waiting, "On the waiting list");
            assertThat(atTheDesk.get(cancelPath(id, registration)).status()).isEqualTo(200);
            assertThat(onThePhone.get(cancelPath(id, registration)).status()).isEqualTo(200);

            Future<Http.Response> first;
            Future<Http.Response> second;
            try (Connection holder = TestHosting.holdEvent(dataSource, id)) {
                first = threads.submit(() -> atTheDesk.postForm(cancelPath(id, registration), Map.of()));
                second = threads.submit(() -> onThePhone.postForm(cancelPath(id, registration), Map.of()));
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> TestHosting.waitingForTheEvent(jdbc, "for update") == 2);
                holder.rollback();
            }
            List<Http.Response> answers = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));

            assertThat(answers.stream().filter(answer -> answer.status() == 302))
                    .as("run %d: exactly one cancelled it", run)
                    .hasSize(1);
            Http.Response refused = answers.stream()
                    .filter(answer -> answer.status() != 302)
                    .findFirst()
                    .orElseThrow();
            assertThat(refused.status()).as("run %d: %s", run, refused.body()).isEqualTo(409);
            assertThat(refused.body()).contains("This registration is already cancelled");
            assertThat(status(registration)).isEqualTo("CANCELLED");
            assertThat(data.status(id, waiting))
                    .as("run %d: given the place once", run)
                    .isEqualTo("CONFIRMED");
            data.awaitSubject(waiting, "A place has come up");
            data.awaitAllSent(waiting);
            assertThat(TestMailbox.messagesTo(waiting).stream()
                            .filter(message -> message.subject().startsWith("A place has come up")))
                    .as("run %d: told of the place once", run)
                    .hasSize(1);
        }
    }

    /**
     * The host cancelling a registration as its registrant cancels it through their email, for real: a test connection
     * holds the event's row, one request is seen waiting for it and then the other, and it is let go, so they meet at
     * the event's lock in the order they queued, each way round in turn. Whichever goes first cancels it, the other is
     * told it is gone, and the place goes to the person waiting once.
     */
    @Test
    void theHostAndTheRegistrantCancellingAtOnce_oneCancelsIt_andThePlaceGoesToThePersonWaitingOnce() throws Exception {
        Http host = data.signedInHost();
        int hostFirst = 0;
        int registrantFirst = 0;

        for (int run = 0; run < RUNS + 1; run++) {
            long id = data.roadshowInTwoWeeks(1);
            String placed = TestMailbox.uniqueAddress("placed");
            String cancelToken = data.confirm(data.registerAndGetConfirmToken(id, placed), placed, "Place confirmed");
            long registration = registration(id, placed);
            String waiting = TestMailbox.uniqueAddress("waiting");
            data.confirm(data.registerAndGetConfirmToken(id, waiting), waiting, "On the waiting list");
            Http registrant = new Http(port);
            assertThat(host.get(cancelPath(id, registration)).status()).isEqualTo(200);
            assertThat(registrant.get("/events/cancel/" + cancelToken).status()).isEqualTo(200);
            Callable<Http.Response> byHost = () -> host.postForm(cancelPath(id, registration), Map.of());
            Callable<Http.Response> byRegistrant = () -> registrant.postForm("/events/cancel/" + cancelToken, Map.of());
            boolean hostQueuedFirst = run % 2 == 0;

            Future<Http.Response> hostAnswer;
            Future<Http.Response> registrantAnswer;
            try (Connection holder = TestHosting.holdEvent(dataSource, id)) {
                if (hostQueuedFirst) {
                    hostAnswer = threads.submit(byHost);
                    awaitWaitingForTheEvent(1);
                    registrantAnswer = threads.submit(byRegistrant);
                } else {
                    registrantAnswer = threads.submit(byRegistrant);
                    awaitWaitingForTheEvent(1);
                    hostAnswer = threads.submit(byHost);
                }
                awaitWaitingForTheEvent(2);
                holder.rollback();
            }
            Http.Response hosts = hostAnswer.get(30, TimeUnit.SECONDS);
            Http.Response theirs = registrantAnswer.get(30, TimeUnit.SECONDS);

            if (hosts.status() == 302) {
                hostFirst++;
                assertThat(theirs.status())
                        .as("run %d: the registrant's link, after the host cancelled: %s", run, theirs.body())
                        .isEqualTo(404);
            } else {
                registrantFirst++;
                assertThat(hosts.status()).as("run %d: %s", run, hosts.body()).isEqualTo(409);
                assertThat(hosts.body()).contains("This registration is already cancelled");
                assertThat(theirs.status()).as("run %d: %s", run, theirs.body()).isEqualTo(200);
            }
            assertThat(hosts.status() == 302)
                    .as(
                            "run %d: the one queued first cancels it (the host queued %s)",
                            run, hostQueuedFirst ? "first" : "second")
                    .isEqualTo(hostQueuedFirst);
            assertThat(status(registration)).isEqualTo("CANCELLED");
            assertThat(data.status(id, waiting))
                    .as("run %d: given the place", run)
                    .isEqualTo("CONFIRMED");
            assertThat(data.count(id, "CONFIRMED"))
                    .as("run %d: one place, held once", run)
                    .isOne();
            data.awaitSubject(waiting, "A place has come up");
            data.awaitAllSent(waiting);
            assertThat(TestMailbox.messagesTo(waiting).stream()
                            .filter(message -> message.subject().startsWith("A place has come up")))
                    .as("run %d: told of the place once", run)
                    .hasSize(1);
        }

        assertThat(hostFirst)
                .as("the host cancelled first (the race went that way)")
                .isPositive();
        assertThat(registrantFirst)
                .as("the registrant cancelled first (the race went the other way)")
                .isPositive();
    }

    /** Waits until that many requests are waiting to lock the event's row. */
    private void awaitWaitingForTheEvent(long requests) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestHosting.waitingForTheEvent(jdbc, "for update") == requests);
    }

    private static String cancelPath(long event, long registration) {
        return "/hosting/events/" + event + "/registrations/" + registration + "/cancel";
    }

    private long registration(long event, String email) {
        return jdbc.sql("select id from events.registration where event_id = :event and email = :email")
                .param("event", event)
                .param("email", email)
                .query(Long.class)
                .single();
    }

    private String status(long registration) {
        return jdbc.sql("select status from events.registration where id = :id")
                .param("id", registration)
                .query(String.class)
                .single();
    }
}
