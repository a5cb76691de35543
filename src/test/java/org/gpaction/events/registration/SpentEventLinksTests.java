package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Confirmation links used up or replaced, cancel links whose registration was cancelled, and both of a registration
 * deleted as its time is up, are remembered in the common table of spent links, as event links: for seven days
 * reopening one is no guess, and after them it is counted like any unknown link.
 */
@GpActionTest
@Import(MovingClocks.class)
class SpentEventLinksTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    SpentLinkHashes spentLinks;

    @Autowired
    MovingClock clock;

    @Autowired
    DayBeforeReminders reminders;

    @Autowired
    EventsProperties properties;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void linksUsedReplacedOrCancelledAreNoGuessesForSevenDaysAndThenUnknownLikeAnyOther() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("spent-event");
        String confirmed = data.registerAndGetConfirmToken(event, placed);
        String cancelled = data.confirm(confirmed, placed, "Place confirmed");
        assertThat(registering.cancel(cancelled, "192.0.2.78-" + UUID.randomUUID()))
                .isPresent();
        String twice = TestMailbox.uniqueAddress("spent-event-twice");
        String replaced = data.registerAndGetConfirmToken(event, twice);
        assertThat(data.register(event, "Twice Over", twice).status()).isEqualTo(202);

        List<String> spent = List.of(confirmed, cancelled, replaced);
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .untilAsserted(() -> assertThat(spent)
                        .as("each remembered once, as an event link")
                        .allSatisfy(token -> assertThat(kindsRemembered(token)).containsExactly("EVENT_LINK")));
        Instant spentAt = clock.instant();

        String office = "203.0.113.11-" + UUID.randomUUID();
        clock.moveTo(spentAt.plus(SpentLinkHashes.KEPT).minus(Duration.ofMinutes(5)));
        spentLinks.forgetOld();
        tryAll(confirmed, cancelled, replaced, office);
        assertThat(misses(office)).as("no guess within the seven days").isZero();

        clock.moveTo(spentAt.plus(SpentLinkHashes.KEPT).plus(Duration.ofMinutes(5)));
        spentLinks.forgetOld();
        tryAll(confirmed, cancelled, replaced, office);
        assertThat(misses(office))
                .as("after them, each is counted like any unknown link")
                .isEqualTo(spent.size());
    }

    @Test
    void linksOfRegistrationsDeletedAsTheirTimeIsUpAreNoGuesses() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("forgotten-event");
        String confirmed = data.registerAndGetConfirmToken(event, placed);
        String cancel = data.confirm(confirmed, placed, "Place confirmed");
        String neverConfirmed =
                data.registerAndGetConfirmToken(event, TestMailbox.uniqueAddress("forgotten-event-unconfirmed"));
        Instant endsAt = jdbc.sql("select ends_at from events.event where id = :id")
                .param("id", event)
                .query(Timestamp.class)
                .single()
                .toInstant();

        // 31 days on the registration never confirmed is deleted; a year after the event, the one that had a place.
        clock.moveTo(clock.instant().plus(Duration.ofDays(31)));
        spentLinks.forgetOld();
        reminders.forgetOldRegistrations();
        assertThat(registrations(event)).containsExactly("CONFIRMED");
        openedMoreOftenThanTheLimit(data, List.of(neverConfirmed));

        clock.moveTo(endsAt.plus(properties.keepRegistrationsFor()).plus(Duration.ofDays(1)));
        spentLinks.forgetOld();
        reminders.forgetOldRegistrations();
        assertThat(registrations(event)).isEmpty();
        openedMoreOftenThanTheLimit(data, List.of(confirmed, cancel));
    }

    @Test
    void everyRegistrationDeletedOverSeveralBatchesHasItsLinksRemembered() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        Instant now = clock.instant();
        long over = data.roadshowInTwoWeeks(10);
        long upcoming = data.roadshowInTwoWeeks(10);
        Instant endedAt = now.minus(properties.keepRegistrationsFor()).minus(Duration.ofDays(1));
        jdbc.sql("""
                        update events.event set starts_at = :starts, ends_at = :ends, remind_at = :remind
                        where id = :id
                        """)
                .param("starts", Timestamp.from(endedAt.minus(Duration.ofHours(2))))
                .param("ends", Timestamp.from(endedAt))
                .param("remind", Timestamp.from(endedAt.minus(Duration.ofDays(1))))
                .param("id", over)
                .update();
        int batch = 2;
        List<byte[]> links = new ArrayList<>();
        for (int i = 0; i < 2 * batch + 1; i++) {
            long placed = registration(over, "CONFIRMED", now.minus(Duration.ofDays(400)), links);
            for (int cancelLinks = 0; cancelLinks < 2; cancelLinks++) {
                byte[] cancel = SecretTokens.hash(SecretTokens.generate());
                jdbc.sql("""
                                insert into events.cancel_link (token_hash, registration_id, created_at)
                                values (:hash, :id, :now)
                                """)
                        .param("hash", cancel)
                        .param("id", placed)
                        .param("now", Timestamp.from(now.minus(Duration.ofDays(400))))
                        .update();
                links.add(cancel);
            }
            registration(upcoming, "PENDING", now.minus(RegistrationRetention.UNCONFIRMED.plusDays(1)), links);
        }

        int forgotten = reminders.forgetOldRegistrations(batch);

        assertThat(registrations(over)).isEmpty();
        assertThat(registrations(upcoming)).isEmpty();
        assertThat(links)
                .hasSize((2 * batch + 1) * 4)
                .allSatisfy(hash -> assertThat(jdbc.sql("select kind from common.spent_link where token_hash = :hash")
                                .param("hash", hash)
                                .query(String.class)
                                .list())
                        .containsExactly("EVENT_LINK"));
        assertThat(jdbc.sql("select kept_confirmed from events.event where id = :id")
                        .param("id", over)
                        .query(Integer.class)
                        .single())
                .as("each batch counted into the event")
                .isEqualTo(2 * batch + 1);
        assertThat(forgotten).as("others' may go too").isGreaterThanOrEqualTo(2 * (2 * batch + 1));
    }

    /** A registration in this state made then, with a confirmation link, whose hash is added to {@code links}. */
    private long registration(long event, String status, Instant requestedAt, List<byte[]> links) {
        byte[] confirm = SecretTokens.hash(SecretTokens.generate());
        links.add(confirm);
        return jdbc.sql("""
                        insert into events.registration
                            (event_id, name, email, role, status, confirm_hash, requested_at, placed_at)
                        values (:event, 'Batched', :email, 'GP_PARTNER', :status, :hash, :requested, :placed)
                        returning id
                        """)
                .param("event", event)
                .param("email", TestMailbox.uniqueAddress("batched"))
                .param("status", status)
                .param("hash", confirm)
                .param("requested", Timestamp.from(requestedAt))
                .param("placed", status.equals("CONFIRMED") ? Timestamp.from(requestedAt) : null)
                .query(Long.class)
                .single();
    }

    /** Each link, opened from this computer more often than an address may miss: the page says it cannot be used. */
    private void openedMoreOftenThanTheLimit(EventsTestData data, List<String> tokens) {
        data.forgetUnknownLinksFromHere();
        Http person = new Http(port);
        for (int i = 0; i <= properties.unknownLinksPerAddress(); i++) {
            for (String token : tokens) {
                for (String page : List.of("/events/confirm/", "/events/cancel/")) {
                    Http.Response opened = person.get(page + token);
                    assertThat(opened.status())
                            .as(page + " opened " + (i + 1) + " times")
                            .isEqualTo(404);
                    assertThat(opened.body()).contains("This link cannot be used");
                }
            }
        }
        assertThat(misses("127.0.0.1")).isZero();
    }

    private List<String> registrations(long event) {
        return jdbc.sql("select status from events.registration where event_id = :event")
                .param("event", event)
                .query(String.class)
                .list();
    }

    /** Reopens each spent link from the address: none can be used. */
    private void tryAll(String confirmed, String cancelled, String replaced, String office) {
        assertThat(registering.pending(confirmed, office)).isEmpty();
        assertThat(registering.cancellable(cancelled, office)).isEmpty();
        assertThat(registering.pending(replaced, office)).isEmpty();
    }

    private List<String> kindsRemembered(String token) {
        return jdbc.sql("select kind from common.spent_link where token_hash = :hash")
                .param("hash", SecretTokens.hash(token))
                .query(String.class)
                .list();
    }

    private int misses(String address) {
        return jdbc.sql("select count(*) from common.failed_attempt where kind = 'EVENT_LINK' and subject = :a")
                .param("a", networks.fingerprint(address))
                .query(Integer.class)
                .single();
    }
}
