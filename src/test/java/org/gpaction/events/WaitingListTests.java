package org.gpaction.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A full event puts the next person on the waiting list, who moves up when someone with a place cancels. */
@GpActionTest
class WaitingListTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void aFullEventWaitlistsTheNextPersonWhoMovesUpWhenSomeoneCancels() {
        long event = data.roadshowInTwoWeeks(1);
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");

        String firstCancel = data.confirm(data.registerAndGetConfirmToken(event, first), first, "Place confirmed");
        String secondCancel =
                data.confirm(data.registerAndGetConfirmToken(event, second), second, "On the waiting list");
        assertThat(hostView(event)).containsEntry("confirmed", 1).containsEntry("waiting", 1);

        Http person = new Http(port);
        Http.Response page = person.get("/events/cancel/" + firstCancel);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Cancel my place");
        assertThat(person.postForm("/events/cancel/" + firstCancel, Map.of()).status())
                .isEqualTo(200);

        TestMailbox.Message promoted = data.awaitSubject(second, "A place has come up: " + title(event));
        assertThat(promoted.body())
                .contains("Someone cancelled, so you now have a confirmed place")
                .contains("/events/cancel/");
        data.awaitSubject(first, "Registration cancelled: " + title(event));
        assertThat(data.status(event, first)).isEqualTo("CANCELLED");
        assertThat(data.status(event, second)).isEqualTo("CONFIRMED");
        assertThat(hostView(event)).containsEntry("confirmed", 1).containsEntry("waiting", 0);

        // The cancel link is used up with the registration; the other's earlier link still works for them.
        assertThat(person.get("/events/cancel/" + firstCancel).status()).isEqualTo(404);
        assertThat(person.get("/events/cancel/" + secondCancel).status()).isEqualTo(200);
        data.forgetUnknownLinksFromHere();
    }

    @Test
    void someoneOnlyOnTheWaitingListIsAskedToLeaveIt_andToldTheyHaveLeftIt_notOfAPlaceTheyNeverHad() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        String waitingCancel =
                data.confirm(data.registerAndGetConfirmToken(event, waiting), waiting, "On the waiting list");

        Http person = new Http(port);
        Http.Response page = person.get("/events/cancel/" + waitingCancel);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<title>Leave the waiting list")
                .contains(">Leave the waiting list</button>")
                .contains(">Stay on the waiting list</a>")
                .doesNotContain("Cancel my place")
                .doesNotContain("Keep my place")
                .doesNotContain("Cancel your place");
        Http.Response left = person.postForm("/events/cancel/" + waitingCancel, Map.of());
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.body())
                .contains("You are no longer on the waiting list for " + title(event))
                .doesNotContain("You no longer have a place");

        assertThat(data.status(event, waiting)).isEqualTo("CANCELLED");
        assertThat(data.status(event, placed)).isEqualTo("CONFIRMED");
        data.forgetUnknownLinksFromHere();
    }

    @Test
    void theWaitingListsEmailsOfferToLeaveIt_andOnceGivenAPlaceToCancelIt() {
        long event = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String placedCancel = data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, waiting), waiting, "On the waiting list");

        assertThat(data.awaitSubject(placed, "Place confirmed: ").body())
                .contains(
                        "If you cannot come, cancel your place here, so that someone on the waiting list can have it");
        assertThat(data.awaitSubject(waiting, "On the waiting list: ").body())
                .as("someone waiting has no place to give up for the next person")
                .contains("If you no longer want a place, leave the waiting list here")
                .doesNotContain("cancel your place");
        data.register(event, "Registrant again", waiting);
        assertThat(data.awaitSubject(waiting, "You are already registered: ").body())
                .contains("If you no longer want a place, leave the waiting list here")
                .doesNotContain("cancel your place");

        Http person = new Http(port);
        assertThat(person.get("/events/cancel/" + placedCancel).status()).isEqualTo(200);
        assertThat(person.postForm("/events/cancel/" + placedCancel, Map.of()).status())
                .isEqualTo(200);
        assertThat(data.awaitSubject(waiting, "A place has come up: ").body())
                .as("given a place, they have one to give up")
                .contains("If you cannot come, cancel your place here, so that someone on the waiting list can have it")
                .doesNotContain("leave the waiting list");
        data.forgetUnknownLinksFromHere();
    }

    @Test
    void aHostAddingPlacesGivesThemToTheWaitingListSayingSoNotThatSomeoneCancelled() {
        long event = data.roadshowInTwoWeeks(1);
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");
        data.confirm(data.registerAndGetConfirmToken(event, first), first, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, second), second, "On the waiting list");

        Http host = data.signedInHost();
        String edit = "/hosting/events/" + event + "/edit";
        Map<String, String> form = EventsTestData.hostForm(events.find(event).orElseThrow(), host.get(edit));
        form.put("capacity", "2");
        Http.Response saved = host.postForm(edit, form);
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        assertThat(host.get("/hosting/events/" + event).body())
                .as("the host is told the person given the place was emailed")
                .contains("The event is changed; the 1 person it concerns has been emailed");

        TestMailbox.Message promoted = data.awaitSubject(second, "A place has come up: " + title(event));
        assertThat(promoted.body())
                .contains("The event now has more places, so you now have a confirmed place")
                .doesNotContain("cancelled");
        assertThat(data.status(event, first)).isEqualTo("CONFIRMED");
        assertThat(data.status(event, second)).isEqualTo("CONFIRMED");
        assertThat(hostView(event)).containsEntry("confirmed", 2).containsEntry("waiting", 0);
        data.forgetUnknownLinksFromHere();
    }

    @Test
    void onceTheEventHasStartedACancelLinkNoLongerGivesUpThePlace() {
        long event = data.roadshowInTwoWeeks(1);
        String came = TestMailbox.uniqueAddress("came");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String cancel = data.confirm(data.registerAndGetConfirmToken(event, came), came, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, waiting), waiting, "On the waiting list");
        Http person = new Http(port);
        assertThat(person.get("/events/cancel/" + cancel).status()).isEqualTo(200);
        jdbc.sql("""
                        update events.event set starts_at = now() - interval '30 minutes',
                                                ends_at = now() + interval '90 minutes'
                        where id = :id
                        """).param("id", event).update();

        Http.Response page = person.get("/events/cancel/" + cancel);
        assertThat(page.status()).isEqualTo(409);
        assertThat(page.body()).contains("Registration is closed").doesNotContain("Cancel my place");
        assertThat(person.postForm("/events/cancel/" + cancel, Map.of()).status())
                .isEqualTo(409);
        assertThat(data.status(event, came)).isEqualTo("CONFIRMED");
        assertThat(data.status(event, waiting)).isEqualTo("WAITING");
        assertThat(hostView(event)).containsEntry("confirmed", 1).containsEntry("waiting", 1);
    }

    @Test
    void registeringAgainAnswersTheSameAndTellsOnlyTheMailbox() {
        long event = data.roadshowInTwoWeeks(5);
        String email = TestMailbox.uniqueAddress("again");
        Http.Response firstTime = data.register(event, "Sam Patel", email);
        Http.Response secondTime = data.register(event, "Sam Patel", email);
        assertThat(secondTime.status()).isEqualTo(firstTime.status()).isEqualTo(202);
        assertThat(secondTime.body()).isEqualTo(firstTime.body());
        // Both asked for a confirmation: the second link replaced the first.
        await().atMost(TestMailbox.DEFAULT_WAIT).until(() -> EventsTestData.countMessages(email) == 2);
        data.awaitAllSent(email);
        var messages = TestMailbox.messagesTo(email);
        String firstToken = EventsTestData.confirmToken(messages.get(0));
        String secondToken = EventsTestData.confirmToken(messages.get(1));
        Http person = new Http(port);
        assertThat(person.get("/events/confirm/" + firstToken).status()).isEqualTo(404);
        data.confirm(secondToken, email, "Place confirmed");

        Http.Response thirdTime = data.register(event, "Sam Patel", email);
        assertThat(thirdTime.status()).isEqualTo(202);
        assertThat(thirdTime.body()).isEqualTo(firstTime.body());
        TestMailbox.Message already = data.awaitSubject(email, "You are already registered: " + title(event));
        assertThat(already.body()).contains("place confirmed").contains("/events/cancel/");
        assertThat(data.count(event, "CONFIRMED")).isEqualTo(1);
        data.forgetUnknownLinksFromHere();
    }

    private Map<String, Object> hostView(long event) {
        Http.Response view = new Http(port).get("/api/events/" + event, data.adminToken());
        assertThat(view.status()).isEqualTo(200);
        return Map.of(
                "confirmed", view.json().get("confirmed").asInt(),
                "waiting", view.json().get("waiting").asInt());
    }

    private String title(long event) {
        return jdbc.sql("select title from events.event where id = :id")
                .param("id", event)
                .query(String.class)
                .single();
    }
}
