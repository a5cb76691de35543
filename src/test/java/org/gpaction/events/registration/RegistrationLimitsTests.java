package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One address can send only so many registrations and try only so many unknown links; a real link always works. */
@GpActionTest
class RegistrationLimitsTests {

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
    EventsProperties properties;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void anAddressSendingTooManyRegistrationsIsRefusedUntilTheWindowPasses() {
        long event = data.roadshowInTwoWeeks(500);
        String address = "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        counted(address, properties.registrationsPerAddress() - 1, Duration.ZERO);
        registering.register(event, details(TestMailbox.uniqueAddress("flood")), address);
        assertThatThrownBy(() -> registering.register(event, details(TestMailbox.uniqueAddress("flood")), address))
                .isInstanceOf(Registering.TooManyRequests.class);
    }

    @Test
    void tooManyRegistrationsThroughTheApiAreAnsweredWithAProblemDocumentSayingTheRealWait() {
        long event = data.roadshowInTwoWeeks(500);
        data.forgetRegistrationsFromHere();
        try {
            // The address's registrations all came 50 minutes ago: it may register again in 10 minutes, not an hour.
            Duration ago = Duration.ofMinutes(50);
            counted("127.0.0.1", properties.registrationsPerAddress(), ago);
            Http.Response answer = new Http(port)
                    .postJson(
                            "/api/events/" + event + "/registrations",
                            Map.of(
                                    "name",
                                    "Flood Over",
                                    "email",
                                    TestMailbox.uniqueAddress("flood"),
                                    "role",
                                    "PRACTICE_MANAGER"));

            assertThat(answer.status()).as(answer.body()).isEqualTo(429);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            long wait = properties.registrationWindow().minus(ago).toSeconds();
            assertThat(Long.parseLong(answer.header("Retry-After")))
                    .as("the seconds until the oldest registration counted leaves the window")
                    .isBetween(wait - 60, wait);
            assertThat(answer.json().get("status").asInt()).isEqualTo(429);
            assertThat(answer.json().get("detail").asString()).contains("Too many registrations");
            assertThat(answer.json().get("message").asString())
                    .as("the field it had is kept")
                    .contains("Too many registrations");
        } finally {
            data.forgetRegistrationsFromHere();
        }
    }

    @Test
    void twentyFiveColleaguesBehindOnePracticeAddressAllRegister() {
        long event = data.roadshowInTwoWeeks(500);
        String practice = "198.51.100." + (1 + (int) (Math.random() * 250)) + "-" + UUID.randomUUID();
        for (int i = 0; i < 25; i++) {
            String colleague = TestMailbox.uniqueAddress("colleague" + i);
            registering.register(event, details(colleague), practice);
        }
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", event)
                        .query(Integer.class)
                        .single())
                .isEqualTo(25);
    }

    @Test
    void theEventPageRefusingTooManyRegistrationsKeepsWhatWasTyped() {
        long event = data.roadshowInTwoWeeks(500);
        data.forgetRegistrationsFromHere();
        try {
            counted("127.0.0.1", properties.registrationsPerAddress(), Duration.ZERO);
            Http person = new Http(port);
            assertThat(person.get("/events/" + event).status()).isEqualTo(200);
            String email = TestMailbox.uniqueAddress("typed");

            Http.Response refused = person.postForm(
                    "/events/" + event + "/register",
                    Map.of("name", "Typed Name", "email", email, "role", "NURSE", "practice", ""));

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body())
                    .contains("Too many registrations have come from your network address")
                    .contains("value=\"Typed Name\"")
                    .contains("value=\"" + email + "\"")
                    .contains("value=\"NURSE\" selected");
            assertThat(refused.header("Retry-After")).matches("[1-9][0-9]*");
        } finally {
            data.forgetRegistrationsFromHere();
        }
    }

    /** Counts this many registrations from the address, made this long ago, as if they had been sent then. */
    private void counted(String address, int registrations, Duration ago) {
        jdbc.sql("""
                        insert into common.failed_attempt (kind, subject, at)
                        select 'EVENT_REGISTRATION', :subject, :at from generate_series(1, :count)
                        """)
                .param("subject", networks.fingerprint(address))
                .param("at", Timestamp.from(Instant.now().minus(ago)))
                .param("count", registrations)
                .update();
    }

    @Test
    void oneEmailAddressIsSentOnlySoManyRegistrationEmailsHoweverManyNetworkAddressesAsk() {
        long event = data.roadshowInTwoWeeks(500);
        long another = data.roadshowInTwoWeeks(500);
        String victim = TestMailbox.uniqueAddress("victim");
        for (int i = 0; i < properties.emailsPerRecipient(); i++) {
            registering.register(
                    i % 2 == 0 ? event : another, details(victim), "192.0.2." + i + "-" + UUID.randomUUID());
        }
        assertThat(emailsTo(victim)).isEqualTo(properties.emailsPerRecipient());

        // Typed otherwise, from yet another address, for a third event: answered the same, nothing sent or stored.
        long third = data.roadshowInTwoWeeks(500);
        registering.register(third, details("  " + victim.toUpperCase(java.util.Locale.ROOT) + " "), "192.0.2.200");
        assertThat(emailsTo(victim)).isEqualTo(properties.emailsPerRecipient());
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", third)
                        .query(Integer.class)
                        .single())
                .isZero();

        // Written with a comment, which mail sends to the same mailbox: refused, nothing sent or stored.
        for (int i = 1; i <= 5; i++) {
            String writtenOtherwise = victim + "(" + i + ")";
            assertThatThrownBy(() ->
                            registering.register(third, details(writtenOtherwise), "192.0.2.201-" + UUID.randomUUID()))
                    .as(writtenOtherwise)
                    .isInstanceOfSatisfying(
                            InvalidRegistration.class,
                            e -> assertThat(e.problems()).containsOnlyKeys("email"));
        }
        assertThat(jdbc.sql("select count(*) from notifications.outbox where lower(recipient) like lower(:to)")
                        .param("to", victim + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(properties.emailsPerRecipient());
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", third)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void theCountOfEmailsToAnAddressKeepsNoPlainHashOfIt() {
        long event = data.roadshowInTwoWeeks(500);
        String victim = TestMailbox.uniqueAddress("counted");
        Instant before = Instant.now().minusSeconds(1);
        registering.register(event, details(victim), "192.0.2.202-" + UUID.randomUUID());

        String plainHash = HexFormat.of().formatHex(SecretTokens.hash(victim.toLowerCase(Locale.ROOT)));
        List<String> kept = jdbc.sql("""
                        select subject from common.failed_attempt
                        where kind = 'EVENT_EMAILS_TO_ADDRESS' and at >= :before
                        """)
                .param("before", Timestamp.from(before))
                .query(String.class)
                .list();
        assertThat(kept)
                .as("what the limit per recipient keeps of the addresses emailed")
                .isNotEmpty()
                .doesNotContain(plainHash)
                .allSatisfy(subject ->
                        assertThat(subject).doesNotContainIgnoringCase(victim).matches("[0-9a-f]{64}"));
    }

    @Test
    void unknownLinksArePausedButARealLinkFromThatAddressStillWorks() {
        long event = data.roadshowInTwoWeeks(5);
        String email = TestMailbox.uniqueAddress("real");
        String realToken = data.registerAndGetConfirmToken(event, email);
        String address = "203.0.113.9-" + UUID.randomUUID();
        for (int i = 0; i < properties.unknownLinksPerAddress(); i++) {
            assertThat(registering.pending("u" + UUID.randomUUID().toString().replace("-", ""), address))
                    .isEmpty();
        }
        assertThatThrownBy(() ->
                        registering.pending("u" + UUID.randomUUID().toString().replace("-", ""), address))
                .isInstanceOf(Registering.LinksPaused.class);
        assertThat(registering.confirm(realToken, address)).isPresent();
    }

    @Test
    void anUnknownLinkPageRefusedForTooManySaysInHowManyMinutesToTryAgain_withRetryAfter() {
        AttemptsFromHere here = new AttemptsFromHere(jdbc, networks);
        here.forget("EVENT_LINK");
        try {
            Http http = new Http(port);
            for (int i = 0; i < properties.unknownLinksPerAddress(); i++) {
                assertThat(http.get("/events/confirm/" + SecretTokens.generate())
                                .status())
                        .isEqualTo(404);
            }
            // Tried 10 minutes ago, so the address may try again in 5 of the window's 15.
            here.age("EVENT_LINK", Duration.ofMinutes(10));

            Http.Response refused = http.get("/events/cancel/" + SecretTokens.generate());

            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After"))
                    .as("the seconds until the oldest unknown link counted leaves the 15 minutes")
                    .matches("[1-9][0-9]*")
                    .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(240L, 300L));
            assertThat(refused.body().replaceAll("\\s+", " "))
                    .contains("Wait 5 minutes and try again")
                    .doesNotContain("Wait a while");
        } finally {
            here.forget("EVENT_LINK");
        }
    }

    @Test
    void usedAndReplacedLinksAreNoGuesses_soTheyNeverCountAgainstTheAddress() {
        long event = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("used-links");
        String confirmed = data.registerAndGetConfirmToken(event, placed);
        String cancelled = data.confirm(confirmed, placed, "Place confirmed");
        assertThat(registering.cancel(cancelled, "192.0.2.77-" + UUID.randomUUID()))
                .isPresent();
        String twice = TestMailbox.uniqueAddress("used-links-twice");
        String replaced = data.registerAndGetConfirmToken(event, twice);
        assertThat(data.register(event, "Twice Over", twice).status()).isEqualTo(202);
        String latest = await().atMost(TestMailbox.DEFAULT_WAIT)
                .ignoreExceptions()
                .until(
                        () -> TestMailbox.messagesTo(twice).stream()
                                .filter(message -> message.subject().startsWith("Confirm your place"))
                                .map(EventsTestData::confirmToken)
                                .filter(token -> !token.equals(replaced))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("select count(*) from events.registration where confirm_hash = :hash")
                                .param("hash", org.gpaction.common.SecretTokens.hash(latest))
                                .query(Integer.class)
                                .single()
                        == 1);

        String office = "203.0.113.10-" + UUID.randomUUID();
        for (int i = 0; i <= properties.unknownLinksPerAddress(); i++) {
            assertThat(registering.pending(confirmed, office)).isEmpty();
            assertThat(registering.confirm(confirmed, office)).isEmpty();
            assertThat(registering.cancellable(cancelled, office)).isEmpty();
            assertThat(registering.pending(replaced, office)).isEmpty();
        }
        assertThat(jdbc.sql("select count(*) from common.failed_attempt where kind = 'EVENT_LINK' and subject = :a")
                        .param("a", networks.fingerprint(office))
                        .query(Integer.class)
                        .single())
                .as("no miss counted")
                .isZero();
        for (int i = 0; i < properties.unknownLinksPerAddress(); i++) {
            assertThat(registering.pending(org.gpaction.common.SecretTokens.generate(), office))
                    .as("unknown links are not refused for the used ones")
                    .isEmpty();
        }
        assertThatThrownBy(() -> registering.pending(org.gpaction.common.SecretTokens.generate(), office))
                .as("unknown links are still limited")
                .isInstanceOf(Registering.LinksPaused.class);
        assertThat(registering.cancellable(cancelled, office))
                .as("a used link is still no miss")
                .isEmpty();
        assertThat(registering.confirm(latest, office)).as("a real link works").isPresent();
    }

    @Test
    void invalidDetailsAreRefusedWithWhatToFixAndNothingIsStored() {
        long event = data.roadshowInTwoWeeks(5);
        assertThatThrownBy(() -> registering.register(
                        event, new RegistrationDetails("", "not-an-email", null, "=HYPERLINK(1)"), "192.0.2.1"))
                .isInstanceOfSatisfying(
                        InvalidRegistration.class,
                        e -> assertThat(e.problems()).containsKeys("name", "email", "role", "practice"));
        assertThat(jdbc.sql("select count(*) from events.registration where event_id = :event")
                        .param("event", event)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private int emailsTo(String email) {
        return jdbc.sql("select count(*) from notifications.outbox where lower(recipient) = lower(:to)")
                .param("to", email)
                .query(Integer.class)
                .single();
    }

    private static RegistrationDetails details(String email) {
        return new RegistrationDetails("Flo Od", email, TeamRole.RECEPTION, null);
    }
}
