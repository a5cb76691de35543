package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.events.registration.RemindersOfTheirOwnMigrationTests.outbox;
import static org.gpaction.events.registration.RemindersOfTheirOwnMigrationTests.registration;
import static org.gpaction.events.registration.RemindersOfTheirOwnMigrationTests.roadshow;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade of "Changed" emails to those with a place or waiting for one, and of emails of a webinar's new joining
 * link, queued by the versions before they had a category of their own, on a database of its own at the events and
 * notifications schemas' versions before it: so that the next change of the event withdraws them too, rather than let
 * them go later with the replaced details.
 */
class MoveNoticesOfTheirOwnMigrationTests {

    @Test
    void aChangedEmailStillToSendBecomesANoticeOfAMoveAndOtherMailStaysAsItWas() {
        try (ScratchDatabase database = new ScratchDatabase("move_notices_of_their_own", 2)) {
            database.migrate("events", MigrationVersion.fromVersion("8"));
            database.migrate("notifications", MigrationVersion.fromVersion("11"));
            JdbcClient jdbc = database.jdbc();
            long event = roadshow(jdbc);
            long placed = registration(jdbc, event, "placed@example.org", false);
            long notice = outbox(jdbc, "Changed: Roadshow", EventLinks.CANCELLATION, "PENDING", placed);
            long confirmed = outbox(jdbc, "Place confirmed: Roadshow", EventLinks.CANCELLATION, "PENDING", placed);
            long noticeSent = outbox(jdbc, "Changed: Roadshow", EventLinks.CANCELLATION, "SENT", placed);
            long toTheUnconfirmed = outbox(jdbc, "Changed: Roadshow", "event-changed", "PENDING", placed);

            database.migrate("events", MigrationVersion.LATEST);
            database.migrate("notifications", MigrationVersion.LATEST);

            assertThat(category(jdbc, notice))
                    .as("the notice still to send is one of its own category")
                    .isEqualTo(EventLinks.MOVE_NOTICE);
            assertThat(category(jdbc, confirmed))
                    .as("other mail with a cancel link stays as it was")
                    .isEqualTo(EventLinks.CANCELLATION);
            assertThat(category(jdbc, noticeSent))
                    .as("a notice sent stays as it was")
                    .isEqualTo(EventLinks.CANCELLATION);
            assertThat(category(jdbc, toTheUnconfirmed))
                    .as("a notice to someone not yet confirmed stays as it was")
                    .isEqualTo("event-changed");
        }
    }

    @Test
    void aNewJoiningLinkEmailStillToSendBecomesANoticeOfAMoveAndOneSentStaysAsItWas() {
        try (ScratchDatabase database = new ScratchDatabase("new_links_as_move_notices", 2)) {
            database.migrate("events", MigrationVersion.fromVersion("8"));
            database.migrate("notifications", MigrationVersion.fromVersion("11"));
            JdbcClient jdbc = database.jdbc();
            long event = roadshow(jdbc);
            long reminded = registration(jdbc, event, "reminded@example.org", true);
            long newLink = outbox(jdbc, "New joining link: Webinar", EventLinks.CANCELLATION, "PENDING", reminded);
            long newLinkSent = outbox(jdbc, "New joining link: Webinar", EventLinks.CANCELLATION, "SENT", reminded);

            database.migrate("events", MigrationVersion.LATEST);
            database.migrate("notifications", MigrationVersion.LATEST);

            assertThat(category(jdbc, newLink))
                    .as("the email of a new link still to send is a notice of a move, so the next change withdraws it")
                    .isEqualTo(EventLinks.MOVE_NOTICE);
            assertThat(jdbc.sql("select move_notices from events.registration where id = :id")
                            .param("id", reminded)
                            .query(Integer.class)
                            .single())
                    .as("its reference, the registration's id alone, is the place's latest notice, number 0")
                    .isZero();
            assertThat(category(jdbc, newLinkSent))
                    .as("one sent stays as it was")
                    .isEqualTo(EventLinks.CANCELLATION);
        }
    }

    private static String category(JdbcClient jdbc, long message) {
        return jdbc.sql("select category from notifications.outbox where id = :id")
                .param("id", message)
                .query(String.class)
                .single();
    }
}
