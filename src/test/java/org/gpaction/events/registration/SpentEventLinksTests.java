package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
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
 * Confirmation links used up or replaced, and cancel links whose registration was cancelled, are remembered in the
 * common table of spent links, as event links: for seven days reopening one is no guess, and after them it is counted
 * like any unknown link.
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
