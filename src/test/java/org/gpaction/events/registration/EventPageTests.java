package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An event's page says only what is true and offers only what can be done: places and the waiting list while
 * registration is open, only that it is closed once the event has started or been cancelled; and each field of its
 * form has its error read out with it.
 */
@GpActionTest
class EventPageTests {

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
    void aFullEventThatHasStartedSaysOnlyThatRegistrationIsClosed() {
        long id = data.roadshowInTwoWeeks(1);
        jdbc.sql("""
                        insert into events.registration (event_id, name, email, role, status, requested_at, placed_at)
                        values (:event, 'Has the place', :email, 'GP_PARTNER', 'CONFIRMED', now(), now())
                        """)
                .param("event", id)
                .param("email", "placed." + id + "@example.org")
                .update();
        assertThat(new Http(port).get("/events/" + id).body())
                .as("while it is open")
                .contains("Full: you can join the waiting list");
        jdbc.sql("update events.event set starts_at = :started where id = :id")
                .param("started", Timestamp.from(Instant.now().minus(Duration.ofMinutes(10))))
                .param("id", id)
                .update();

        Http.Response page = new Http(port).get("/events/" + id);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Registration for this event is closed")
                .doesNotContain("waiting list")
                .doesNotContain("id=\"places\"")
                .doesNotContain("id=\"register\"");
    }

    @Test
    void aCancelledEventSaysItIsCancelledAndOffersNeitherPlacesNorACalendarEntry() {
        long id = data.roadshowInTwoWeeks(10);
        jdbc.sql("update events.event set status = 'CANCELLED' where id = :id")
                .param("id", id)
                .update();

        Http.Response page = new Http(port).get("/events/" + id);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("This event has been cancelled")
                .contains("Registration for this event is closed")
                .doesNotContain("10 of 10 left")
                .doesNotContain("id=\"places\"")
                .doesNotContain("waiting list")
                .doesNotContain("event.ics");
    }

    @Test
    void eachFieldOfTheRegistrationFormHasItsErrorReadOutWithIt() {
        long id = data.roadshowInTwoWeeks(5);
        data.forgetRegistrationsFromHere();
        Http person = new Http(port);
        person.get("/events/" + id);

        Http.Response refused = person.postForm(
                "/events/" + id + "/register",
                Map.of("name", "", "email", "nope", "role", "PILOT", "practice", "\tA81001"));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(EventsTestData.fieldsInError(refused.body()))
                .containsExactlyInAnyOrder("name", "email", "role", "practice");
        for (String field : EventsTestData.fieldsInError(refused.body())) {
            assertThat(EventsTestData.describedBy(refused.body(), field))
                    .as(field)
                    .contains(field + "-error");
        }
        assertThat(EventsTestData.describedBy(refused.body(), "practice"))
                .containsExactly("practice-hint", "practice-error");
        assertThat(EventsTestData.describedBy(person.get("/events/" + id).body(), "practice"))
                .as("without an error")
                .containsExactly("practice-hint");
    }
}
