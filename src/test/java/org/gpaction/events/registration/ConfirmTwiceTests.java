package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Confirm my place" clicked twice: the second click shows the outcome of the first, not a failure, and the link does
 * nothing more.
 */
@GpActionTest
class ConfirmTwiceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void theSecondClickOfConfirmShowsThePlace_andConfirmsNothingMore() {
        long event = data.roadshowInTwoWeeks(5);
        String placed = TestMailbox.uniqueAddress("twice");
        String token = data.registerAndGetConfirmToken(event, placed);
        Http person = new Http(port);
        assertThat(person.get("/events/confirm/" + token).status()).isEqualTo(200);

        Http.Response first = person.postForm("/events/confirm/" + token, Map.of());
        Http.Response second = person.postForm("/events/confirm/" + token, Map.of());

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.body()).contains("Your place is confirmed").doesNotContain("cannot be used");
        data.awaitSubject(placed, "Place confirmed");
        data.awaitAllSent(placed);
        assertThat(TestMailbox.messagesTo(placed))
                .as("one email of the place")
                .filteredOn(m -> m.subject().startsWith("Place confirmed"))
                .hasSize(1);
        assertThat(person.get("/events/confirm/" + token).status())
                .as("the used link opens no page to confirm again")
                .isEqualTo(404);
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
}
