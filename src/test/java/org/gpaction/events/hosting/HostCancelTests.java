package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A host who cancels an event is told how many of those registered were emailed, as after a change. */
@GpActionTest
class HostCancelTests {

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
    void thePageSaysHowManyOfThoseRegisteredWereEmailedAboutTheCancellation() {
        long id = data.roadshowInTwoWeeks(1);
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        String unconfirmed = TestMailbox.uniqueAddress("unconfirmed");
        String cancelledEarlier = TestMailbox.uniqueAddress("gone");
        data.confirm(data.registerAndGetConfirmToken(id, placed), placed, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(id, waiting), waiting, "On the waiting list");
        data.registerAndGetConfirmToken(id, unconfirmed);
        String cancelLink = data.confirm(
                data.registerAndGetConfirmToken(id, cancelledEarlier), cancelledEarlier, "On the waiting list");
        Http leaving = new Http(port);
        leaving.get("/events/cancel/" + cancelLink);
        assertThat(leaving.postForm("/events/cancel/" + cancelLink, Map.of()).status())
                .isEqualTo(200);

        assertThat(cancel(id)).contains("The event is cancelled; the 3 people registered have been emailed");
        for (String told : new String[] {placed, waiting, unconfirmed}) {
            data.awaitSubject(told, "Cancelled: ");
        }
    }

    @Test
    void anEventNobodyRegisteredForIsCancelledWithNobodyToTell() {
        long id = data.roadshowInTwoWeeks(5);

        assertThat(cancel(id)).contains("The event is cancelled; nobody had registered, so nobody was emailed");
    }

    @Test
    void theCancelPageOfAnEventAlreadyCancelledSaysSo_andHasNoButton() {
        long id = data.roadshowInTwoWeeks(5);
        data.cancelAsHost(id);
        Http host = data.signedInHost();

        Http.Response page = host.get("/hosting/events/" + id + "/cancel");

        assertThat(page.status()).as(page.body()).isEqualTo(409);
        assertThat(page.body())
                .contains("This event has already been cancelled")
                .doesNotContain("Cancel the event");
    }

    @Test
    void theCancelPageOfAnEventThatHasStartedSaysSo_andHasNoButton() {
        long id = data.roadshowInTwoWeeks(5);
        start(id);
        Http host = data.signedInHost();

        Http.Response page = host.get("/hosting/events/" + id + "/cancel");

        assertThat(page.status()).as(page.body()).isEqualTo(409);
        assertThat(page.body()).contains("This event has started").doesNotContain("Cancel the event");
        assertThat(host.postForm("/hosting/events/" + id + "/cancel", Map.of()).status())
                .isEqualTo(409);
        assertThat(cancelled(id)).isFalse();
    }

    @Test
    void theChangePageOfAnEventThatHasStartedOrBeenCancelledSaysWhich_andItsHostPageOffersNeitherChangeNorCancel() {
        long started = data.roadshowInTwoWeeks(5);
        start(started);
        long cancelled = data.roadshowInTwoWeeks(5);
        data.cancelAsHost(cancelled);
        Http host = data.signedInHost();

        Http.Response startedPage = host.get("/hosting/events/" + started + "/edit");
        assertThat(startedPage.status()).as(startedPage.body()).isEqualTo(409);
        assertThat(startedPage.body())
                .contains("This event has started")
                .contains("cannot be changed")
                .doesNotContain("Save the changes");
        Http.Response cancelledPage = host.get("/hosting/events/" + cancelled + "/edit");
        assertThat(cancelledPage.status()).as(cancelledPage.body()).isEqualTo(409);
        assertThat(cancelledPage.body())
                .contains("This event has been cancelled")
                .contains("cannot be changed")
                .doesNotContain("Save the changes");
        Http.Response saved = host.postForm(
                "/hosting/events/" + started + "/edit", Map.of("title", "Moved", "version", "2024-01-01T00:00:00Z"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(409);
        assertThat(saved.body()).as("the save says which too").contains("This event has started");

        assertThat(host.get("/hosting/events/" + started).body())
                .doesNotContain("Change or move the event")
                .doesNotContain("Cancel the event");
        assertThat(host.get("/hosting/events/" + data.roadshowInTwoWeeks(5)).body())
                .as("an event still to come offers both")
                .contains("Change or move the event")
                .contains("Cancel the event");
    }

    @Test
    void attendanceIsNotSavedForACancelledEvent_norCountedInItsFigures() {
        long id = data.roadshowInTwoWeeks(5);
        long registration = TestHosting.placedAt(data, jdbc, id);
        data.cancelAsHost(id);
        Http host = data.signedInHost();
        assertThat(host.get("/hosting/events/" + id).body())
                .contains("The event was cancelled, so attendance is not taken")
                .doesNotContain("Save attendance");

        Http.Response refused = TestHosting.saveAttended(host, id, registration);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("This event has been cancelled, so nobody attended it");
        assertThat(TestHosting.attendanceSaved(jdbc, registration))
                .as("nothing saved")
                .isFalse();
        assertThat(host.get("/hosting/events/" + id).body()).contains("0 attended");
    }

    @Test
    void attendanceTickedBeforeTheEventIsCancelledCountsForNobodyOnceItIs() {
        long id = data.roadshowInTwoWeeks(5);
        long registration = TestHosting.placedAt(data, jdbc, id);
        Http host = data.signedInHost();
        // Ticked at the door before the start, as hosts do while people arrive.
        assertThat(TestHosting.saveAttended(host, id, registration).status()).isEqualTo(302);
        assertThat(host.get("/hosting/events/" + id).body()).contains("1 attended");

        data.cancelAsHost(id);

        assertThat(host.get("/hosting/events/" + id).body()).contains("0 attended");
        assertThat(TestHosting.attendedInTheApi(port, data.adminToken(), id)).isZero();
        assertThat(host.get("/hosting/events/" + id + "/registrations.csv").body())
                .as("the download")
                .doesNotContain(",yes");
        assertThat(TestHosting.attendanceSaved(jdbc, registration)).isFalse();
    }

    @Test
    void aRefusalAHostMeetsLinksBackToTheHostsEvents_notThePublicList() {
        long id = data.roadshowInTwoWeeks(5);
        data.cancelAsHost(id);
        Http host = data.signedInHost();

        for (Http.Response refused : new Http.Response[] {
            host.get("/hosting/events/" + id + "/cancel"),
            host.postForm("/hosting/events/" + id + "/cancel", Map.of()),
            host.postForm("/hosting/events/" + id + "/attendance", Map.of("shown", "1"))
        }) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(problemLink(refused.body())).isEqualTo("href=\"/hosting/events\">Events you host");
        }
        assertThat(problemLink(
                        new Http(port).get("/events/" + (id + 1_000_000_000L)).body()))
                .as("a refusal on the public pages still links to the public list")
                .isEqualTo("href=\"/events\">All roadshows and webinars");
    }

    /** The link under a problem page's message. */
    private static String problemLink(String page) {
        Matcher link = Pattern.compile("id=\"problem\"[^>]*>[^<]*</p>\\s*<p[^>]*><a class=\"govuk-link\" ([^<]*)</a>")
                .matcher(page);
        assertThat(link.find()).as(page).isTrue();
        return link.group(1);
    }

    /** The event started half an hour ago and runs for another hour and a half. */
    private void start(long id) {
        jdbc.sql("""
                        update events.event set starts_at = now() - interval '30 minutes',
                                                ends_at = now() + interval '90 minutes'
                        where id = :id
                        """).param("id", id).update();
    }

    private boolean cancelled(long id) {
        return jdbc.sql("select status = 'CANCELLED' from events.event where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .single();
    }

    private String cancel(long id) {
        Http host = data.signedInHost();
        host.get("/hosting/events/" + id + "/cancel");
        Http.Response cancelled = host.postForm("/hosting/events/" + id + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(302);
        return host.get("/hosting/events/" + id).body();
    }
}
