package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.common.UkTime;
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
        Event event = events.find(id).orElseThrow();
        LocalDate day = event.startsAt().atZone(UkTime.ZONE).toLocalDate();

        transaction.executeWithoutResult(status -> emails.reminder(registrant, event, 1));

        assertThat(jdbc.sql("""
                        select subject from notifications.outbox
                        where recipient = :to and subject like 'Reminder:%'
                        """)
                        .param("to", registrant.email())
                        .query(String.class)
                        .single())
                .isEqualTo("Reminder: " + event.title() + " is on "
                        + DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK).format(day));
    }
}
