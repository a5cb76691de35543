package org.gpaction.events;

import static org.gpaction.support.HeldLocks.holding;
import static org.gpaction.support.HeldLocks.waitsFor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the hosting tests share: someone with a place at an event, the attendance a host saves for them, and a
 * connection of the test's own holding the event's row, its registrations or a message being sent, so that requests
 * queue behind it and are seen waiting (or seen not to wait).
 */
public final class TestHosting {

    private TestHosting() {}

    /** Someone registered and confirmed through the confirm page, given a place at the event; their registration. */
    public static long placedAt(EventsTestData data, JdbcClient jdbc, long event) {
        String placed = TestMailbox.uniqueAddress("placed");
        data.confirm(data.registerAndGetConfirmToken(event, placed), placed, "Place confirmed");
        return jdbc.sql("select id from events.registration where event_id = :id and email = :email")
                .param("id", event)
                .param("email", placed)
                .query(Long.class)
                .single();
    }

    /** The host ticks the registration as attended on the event's page and saves it. */
    public static Http.Response saveAttended(Http host, long event, long registration) {
        return host.postForm(
                "/hosting/events/" + event + "/attendance",
                Map.of("attended", "" + registration, "shown", "" + registration));
    }

    /** Whether any attendance is saved for the registration. */
    public static boolean attendanceSaved(JdbcClient jdbc, long registration) {
        return jdbc.sql("select attended is not null from events.registration where id = :id")
                .param("id", registration)
                .query(Boolean.class)
                .single();
    }

    /** How many attended the event, as the API tells the administrator. */
    public static int attendedInTheApi(int port, String adminToken, long event) {
        return new Http(port)
                .get("/api/events/" + event, adminToken)
                .json()
                .get("attended")
                .asInt();
    }

    /** A connection holding the event's row as a host's change would: every request to change it waits for it. */
    public static Connection holdEvent(DataSource dataSource, long event) throws SQLException {
        return holding(dataSource, "select 1 from events.event where id = ? for update", event);
    }

    /**
     * A connection holding a message in the outbox as the dispatcher holds each one it is sending, from claiming its
     * batch until the mail server has answered: until this connection commits or rolls back.
     */
    public static Connection holdOutboxMessage(DataSource dataSource, long message) throws SQLException {
        return holding(dataSource, "select 1 from notifications.outbox where id = ? for update", message);
    }

    /** A connection holding one registration's row as a writer would: every other write to it waits for it. */
    public static Connection holdRegistration(DataSource dataSource, long registration) throws SQLException {
        return holding(dataSource, "select 1 from events.registration where id = ? for update", registration);
    }

    /**
     * A connection making a cancel link for the place as the dispatcher makes one, not yet committed: the new row refers
     * to the place, and holds it against its deletion until this connection ends.
     */
    public static Connection makingACancelLink(DataSource dataSource, long registration) throws SQLException {
        return holding(
                dataSource,
                "insert into events.cancel_link (token_hash, registration_id, created_at) values (?, ?, now())",
                SecretTokens.hash(SecretTokens.generate()),
                registration);
    }

    /**
     * Whether a transaction locking the registration's row for update would wait for the backend {@code holder}: to
     * show that the test's connection making a cancel link still holds the place against a run that would skip it or
     * wait for it so, as the race needs.
     */
    public static boolean holdsAgainstLockingForUpdate(DataSource dataSource, int holder, long registration)
            throws Exception {
        return waitsFor(dataSource, holder, "select 1 from events.registration where id = ? for update", registration);
    }

    /**
     * Whether a transaction locking the registration's row for no key update, as a reminder run does, would wait for
     * the backend {@code holder}: to show that a run the test holds open really still holds the place.
     */
    public static boolean holdsAgainstLockingForNoKeyUpdate(DataSource dataSource, int holder, long registration)
            throws Exception {
        return waitsFor(
                dataSource, holder, "select 1 from events.registration where id = ? for no key update", registration);
    }

    /** A connection holding the registrations table: readable, but every write to it waits until the rollback. */
    public static Connection holdRegistrations(DataSource dataSource) throws SQLException {
        return holding(dataSource, "lock table events.registration in share mode");
    }

    /**
     * How many statements are waiting for an event's row now, to read it ({@code lock} "for share") or to change it
     * ("for update").
     */
    public static long waitingForTheEvent(JdbcClient jdbc, String lock) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and wait_event_type = 'Lock'
                          and query like '%from events.event where id = % ' || :lock
                        """).param("lock", lock).query(Long.class).single();
    }
}
