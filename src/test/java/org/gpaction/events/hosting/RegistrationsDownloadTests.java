package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.registration.Registrant;
import org.gpaction.events.registration.Registrations;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
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
}
