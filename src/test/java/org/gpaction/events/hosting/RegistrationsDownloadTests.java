package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.registration.Registrant;
import org.gpaction.events.registration.RegistrationStatus;
import org.gpaction.events.registration.Registrations;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A host downloads everyone who registered, however many, in the order the event's page lists them: read a page at a
 * time, so the download crosses pages without losing or repeating anyone.
 */
@GpActionTest
class RegistrationsDownloadTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registrations registrations;

    @Test
    void theDownloadListsEveryRegistrantOnceInTheOrderOfTheEventsPage() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(2_000);
        Instant start = Instant.now().minusSeconds(10_000);
        String[] statuses = {"CONFIRMED", "WAITING", "PENDING", "CANCELLED"};
        for (int i = 0; i < 1_300; i++) {
            String status = statuses[i % statuses.length];
            boolean placed = status.equals("CONFIRMED") || status.equals("WAITING") || (i % 8 == 3);
            jdbc.sql("""
                            insert into events.registration
                                (event_id, name, email, role, status, requested_at, placed_at)
                            values (:event, :name, :email, 'GP_PARTNER', :status, :at, :placed)
                            """)
                    .param("event", event)
                    .param("name", "Registrant " + i)
                    .param("email", "download." + event + "." + i + "@example.org")
                    .param("status", status)
                    .param("at", Timestamp.from(start.plusSeconds(i)))
                    // Some share a moment of placing, so the order falls back to the id.
                    .param("placed", placed ? Timestamp.from(start.plusSeconds(i / 3)) : null)
                    .update();
        }
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response csv = admin.get("/hosting/events/" + event + "/registrations.csv");

        assertThat(csv.status()).isEqualTo(200);
        List<String> names = csv.body()
                .lines()
                .skip(1)
                .map(line -> line.substring(0, line.indexOf(',')))
                .toList();
        assertThat(names)
                .as("everyone once, in the page's order, across the pages the download is read in")
                .hasSize(1_300)
                .doesNotHaveDuplicates()
                .containsExactlyElementsOf(
                        registrations.list(event).stream().map(Registrant::name).toList());
    }

    @Test
    void whatChangesWhileTheListIsReadShowsInThePagesNotYetRead_andNobodyIsListedTwiceOrLeftOut() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(2);
        Instant start = Instant.now().minusSeconds(10_000);
        // Placed in this order; the one waiting was placed before the second confirmed place was taken.
        long first = register(event, "First confirmed", "CONFIRMED", start, start);
        long waiting = register(event, "Waiting", "WAITING", start.plusSeconds(1), start.plusSeconds(1));
        register(event, "Second confirmed", "CONFIRMED", start.plusSeconds(2), start.plusSeconds(2));
        register(event, "Not yet confirmed", "PENDING", start.plusSeconds(3), null);
        register(event, "Cancelled before", "CANCELLED", start.plusSeconds(4), start.plusSeconds(4));
        List<String> listed = new ArrayList<>();
        List<RegistrationStatus> statuses = new ArrayList<>();

        registrations.each(event, 2, registrant -> {
            if (listed.isEmpty()) {
                // While the first page is with the reader: the first confirmed cancels and the one waiting is promoted.
                jdbc.sql("update events.registration set status = 'CANCELLED', cancelled_at = now() where id = :id")
                        .param("id", first)
                        .update();
                jdbc.sql("update events.registration set status = 'CONFIRMED' where id = :id")
                        .param("id", waiting)
                        .update();
            }
            listed.add(registrant.name());
            statuses.add(registrant.status());
        });

        assertThat(listed)
                .as("the order as the download started, each once, as they stood when their page was read")
                .containsExactly(
                        "First confirmed", "Second confirmed", "Waiting", "Not yet confirmed", "Cancelled before");
        assertThat(statuses)
                .containsExactly(
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.CONFIRMED,
                        RegistrationStatus.PENDING,
                        RegistrationStatus.CANCELLED);
    }

    @Test
    void whenEachRegisteredIsInUkTimeToTheMinuteAsTheOtherDownloadsGiveTimes() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(10);
        register(event, "Summer registrant", "PENDING", Instant.parse("2026-07-01T11:30:00Z"), null);
        register(event, "Winter registrant", "PENDING", Instant.parse("2026-01-15T00:05:00Z"), null);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response csv = admin.get("/hosting/events/" + event + "/registrations.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().filter(line -> line.startsWith("Summer registrant,")))
                .singleElement()
                .asString()
                .as("British Summer Time")
                .contains(",2026-07-01 12:30,");
        assertThat(csv.body().lines().filter(line -> line.startsWith("Winter registrant,")))
                .singleElement()
                .asString()
                .as("Greenwich Mean Time")
                .contains(",2026-01-15 00:05,");
    }

    @Test
    void attendanceTickedBeforeSomeoneCancelsIsNotAttendedInTheDownload_asTheCountsLeaveThemOut() {
        EventsTestData data = new EventsTestData(jdbc, port, attempts);
        long event = data.roadshowInTwoWeeks(5);
        String early = TestMailbox.uniqueAddress("early");
        String came = TestMailbox.uniqueAddress("came");
        String earlyCancel = data.confirm(data.registerAndGetConfirmToken(event, early), early, "Place confirmed");
        data.confirm(data.registerAndGetConfirmToken(event, came), came, "Place confirmed");
        // Both ticked at the door before the start; then the first gives up the place before the start.
        registrations.recordAttendance(
                event, registrations.list(event).stream().map(Registrant::id).toList());
        Http person = new Http(port);
        assertThat(person.get("/events/cancel/" + earlyCancel).status()).isEqualTo(200);
        assertThat(person.postForm("/events/cancel/" + earlyCancel, Map.of()).status())
                .isEqualTo(200);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response csv = admin.get("/hosting/events/" + event + "/registrations.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(registrations.counts(event).attended()).isEqualTo(1);
        assertThat(csv.body().lines().filter(line -> line.contains("," + early + ",")))
                .singleElement()
                .asString()
                .as("a cancelled place was not attended, as the page's counts say")
                .contains(",Cancelled,")
                .endsWith(",");
        assertThat(csv.body().lines().filter(line -> line.contains("," + came + ",")))
                .singleElement()
                .asString()
                .endsWith(",yes");
        assertThat(csv.body().lines().skip(1).filter(line -> line.endsWith(",yes")))
                .as("as many attended in the download as the counts say")
                .hasSize(registrations.counts(event).attended());
    }

    private long register(long event, String name, String status, Instant requested, Instant placed) {
        return jdbc.sql("""
                        insert into events.registration
                            (event_id, name, email, role, status, requested_at, placed_at)
                        values (:event, :name, :email, 'GP_PARTNER', :status, :at, :placed)
                        returning id
                        """)
                .param("event", event)
                .param("name", name)
                .param("email", name.toLowerCase().replace(' ', '.') + "." + event + "@example.org")
                .param("status", status)
                .param("at", Timestamp.from(requested))
                .param("placed", placed == null ? null : Timestamp.from(placed))
                .query(Long.class)
                .single();
    }
}
