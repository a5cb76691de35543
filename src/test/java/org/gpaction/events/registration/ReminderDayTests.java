package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reminder says the event's day, not "tomorrow": it is queued when due, but goes when the mail is sent, which may be
 * after midnight (queued at 23:50, or held overnight while no instance sends mail).
 */
@GpActionTest
class ReminderDayTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    @Autowired
    Registrants registrants;

    @Autowired
    RegistrantEmails emails;

    @Autowired
    TransactionTemplate transaction;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void aReminderNamesTheEventsDay_soItIsStillTrueIfItIsQueuedTheEveningBeforeAndArrivesOnTheDay() {
        long id = data.roadshowInTwoWeeks(5);
        Registrant registrant =
                registrants.find(TestHosting.placedAt(data, jdbc, id)).orElseThrow();
        // 00:30 on a summer day in UK time is 23:30 UTC the day before: the subject must name the UK day.
        Instant startsAt = Instant.parse("2031-07-31T23:30:00Z");
        jdbc.sql("update events.event set starts_at = :starts, ends_at = :ends where id = :id")
                .param("starts", java.sql.Timestamp.from(startsAt))
                .param("ends", java.sql.Timestamp.from(startsAt.plusSeconds(3600)))
                .param("id", id)
                .update();
        Event event = events.find(id).orElseThrow();
        assertThat(event.startsAt()).isEqualTo(startsAt);

        transaction.executeWithoutResult(status -> emails.reminder(registrant, event, 1));

        assertThat(jdbc.sql("""
                        select subject from notifications.outbox
                        where recipient = :to and subject like 'Reminder:%'
                        """)
                        .param("to", registrant.email())
                        .query(String.class)
                        .single())
                .isEqualTo("Reminder: " + event.title() + " is on Friday 1 August");
    }
}
