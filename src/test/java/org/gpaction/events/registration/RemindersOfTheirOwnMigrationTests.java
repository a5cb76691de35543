package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade of day-before reminders queued by the versions before they had a category of their own, on a database
 * of its own at the events and notifications schemas' versions before it: so that a change of the event replaces
 * them too, rather than let them go later with the old details.
 */
class RemindersOfTheirOwnMigrationTests {

    @Test
    void aReminderStillToSendBecomesItsPlacesFirstReminderAndOtherMailStaysAsItWas() {
        try (ScratchDatabase database = new ScratchDatabase("reminders_of_their_own", 2)) {
            database.migrate("events", MigrationVersion.fromVersion("7"));
            database.migrate("notifications", MigrationVersion.fromVersion("7"));
            JdbcClient jdbc = database.jdbc();
            long event = roadshow(jdbc);
            long reminded = registration(jdbc, event, "reminded@example.org", true);
            long notYet = registration(jdbc, event, "not.yet@example.org", false);
            long reminder = outbox(jdbc, "Reminder: Roadshow is today", "PENDING", reminded);
            long confirmed = outbox(jdbc, "Place confirmed: Roadshow", "PENDING", notYet);
            long reminderSent = outbox(jdbc, "Reminder: Roadshow is today", "SENT", reminded);

            database.migrate("events", MigrationVersion.LATEST);
            database.migrate("notifications", MigrationVersion.LATEST);

            assertThat(jdbc.sql("select category from notifications.outbox where id = :id")
                            .param("id", reminder)
                            .query(String.class)
                            .single())
                    .as("the reminder still to send is one of its own category")
                    .isEqualTo(EventLinks.REMINDER);
            assertThat(jdbc.sql("select category from notifications.outbox where id in (:confirmed, :sent)")
                            .param("confirmed", confirmed)
                            .param("sent", reminderSent)
                            .query(String.class)
                            .list())
                    .as("other mail with a cancel link, and mail sent, stay as they were")
                    .containsOnly(EventLinks.CANCELLATION);
            assertThat(jdbc.sql("select id, reminders from events.registration where event_id = :event")
                            .param("event", event)
                            .query((rs, row) -> Map.entry(rs.getLong("id"), rs.getInt("reminders")))
                            .list())
                    .as("the reminder, its reference the registration's id, is its place's first")
                    .containsExactlyInAnyOrder(Map.entry(reminded, 1), Map.entry(notYet, 0));
        }
    }

    /** A roadshow starting in three hours, whose reminders are due. */
    static long roadshow(JdbcClient jdbc) {
        return jdbc.sql("""
                        insert into events.event (title, kind, region, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        values ('Roadshow', 'ROADSHOW', 'LONDON', 'Civic Centre', '1 High Street',
                            now() + interval '3 hours', now() + interval '5 hours', 5, 'About the ballot',
                            now() - interval '1 hour', 'host@example.org', now(), now())
                        returning id
                        """).query(Long.class).single();
    }

    static long registration(JdbcClient jdbc, long event, String email, boolean reminded) {
        return jdbc.sql("""
                        insert into events.registration (event_id, name, email, role, status, requested_at, placed_at,
                            reminded_at)
                        values (:event, 'Registrant', :email, 'GP_PARTNER', 'CONFIRMED', now(), now(),
                            case when :reminded then now() end)
                        returning id
                        """)
                .param("event", event)
                .param("email", email)
                .param("reminded", reminded)
                .query(Long.class)
                .single();
    }

    private static long outbox(JdbcClient jdbc, String subject, String status, long registration) {
        return outbox(jdbc, subject, EventLinks.CANCELLATION, status, registration);
    }

    /** A message to the registrant with a cancel link made from its id, as queued before by this category. */
    static long outbox(JdbcClient jdbc, String subject, String category, String status, long registration) {
        return jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, body, category, status, next_attempt,
                            created_at, secret_link_reference)
                        values ('registrant@example.org', :subject,
                            case when :status = 'PENDING' then 'Cancel: {{secret-link}}' end, :category,
                            :status, now(), now(), :reference)
                        returning id
                        """)
                .param("subject", subject)
                .param("category", category)
                .param("status", status)
                .param("reference", Long.toString(registration))
                .query(Long.class)
                .single();
    }
}
