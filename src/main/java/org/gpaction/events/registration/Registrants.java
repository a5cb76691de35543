package org.gpaction.events.registration;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The registrations table. Changes to who holds a place are made only under the event's lock. */
@Repository
class Registrants {

    private static final String COLUMNS = """
            r.id, r.event_id, r.name, r.email, r.role, r.practice, r.status, r.requested_at, r.placed_at, r.attended
            """;

    /** Where a registration comes in the list of everyone: places, then the waiting list, then the rest. */
    private static final String PLACE_IN_LIST = """
            (case r.status when 'CONFIRMED' then 0 when 'WAITING' then 1 when 'PENDING' then 2 else 3 end,
             coalesce(r.placed_at, 'infinity'), r.id)
            """;

    /** Everyone who registered for {@code :event}, cancelled ones last. */
    private static final String EVERYONE = "select " + COLUMNS + """
            from events.registration r where r.event_id = :event
            """;

    private final JdbcClient jdbc;
    private final SpentLinkHashes spentLinks;

    Registrants(JdbcClient jdbc, SpentLinkHashes spentLinks) {
        this.jdbc = jdbc;
        this.spentLinks = spentLinks;
    }

    /**
     * Holds every registration for the event, in the order they were made, for a host's change of it: each statement
     * of the change then finds them held. One held elsewhere is waited for with none made after it held, whatever
     * order the rows lie in or an index reads them, as the reminder job and a change's superseding of reminders take
     * them.
     */
    void holdAll(long eventId) {
        // The lock each of the change's updates takes, no stronger: a row referring to a registration is not held up.
        jdbc.sql("""
                        select id from events.registration where event_id = :event
                        order by id
                        for no key update
                        """).param("event", eventId).query(Long.class).list();
    }

    /** A new pending registration, or empty when the address has one for this event already. */
    Optional<Long> insertPending(long eventId, RegistrationDetails details, Instant now) {
        return jdbc.sql("""
                        insert into events.registration (event_id, name, email, role, practice, status, requested_at)
                        values (:event, :name, :email, :role, :practice, 'PENDING', :now)
                        on conflict (event_id, email) where status <> 'CANCELLED' do nothing
                        returning id
                        """)
                .param("event", eventId)
                .param("name", details.name())
                .param("email", details.email())
                .param("role", details.role().name())
                .param("practice", details.practice())
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .optional();
    }

    Optional<Registrant> live(long eventId, String email) {
        return jdbc.sql("select " + COLUMNS
                        + " from events.registration r where r.event_id = :event and r.email = :email"
                        + " and r.status <> 'CANCELLED'")
                .param("event", eventId)
                .param("email", email)
                .query(Registrants::registrant)
                .optional();
    }

    Optional<Registrant> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from events.registration r where r.id = :id")
                .param("id", id)
                .query(Registrants::registrant)
                .optional();
    }

    Optional<Registrant> pendingByConfirmHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS
                        + " from events.registration r where r.confirm_hash = :hash and r.status = 'PENDING'")
                .param("hash", hash)
                .query(Registrants::registrant)
                .optional();
    }

    /**
     * Uses a confirmation link up, remembering it as spent; false when it was used first (by someone else, or by the
     * same click sent twice). Its hash stays with the registration while that lasts, so that the link sent again finds
     * what it did ({@link #placedByConfirmHash}); it takes nothing else, as it finds only a registration still pending.
     */
    boolean claimConfirmation(long id, byte[] hash) {
        // The row is locked until the place is given, and read as it is once any other holder commits, so of two
        // presses at once only the first finds it still pending.
        boolean claimed = jdbc.sql("""
                        select id from events.registration
                        where id = :id and confirm_hash = :hash and status = 'PENDING'
                        for no key update
                        """)
                .param("id", id)
                .param("hash", hash)
                .query(Long.class)
                .optional()
                .isPresent();
        if (claimed) {
            spentLinks.remember(LinkThrottle.Kind.EVENT_LINK, hash);
        }
        return claimed;
    }

    /**
     * The registration this confirmation link gave a place or a turn on the waiting list, if it was used after
     * {@code since} (placed_at, kept when someone waiting is given a place, is when the link was used) and the
     * registration still has one.
     */
    Optional<Registrant> placedByConfirmHash(byte[] hash, Instant since) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.registration r
                        where r.confirm_hash = :hash and r.status in ('CONFIRMED', 'WAITING') and r.placed_at > :since
                        """)
                .param("hash", hash)
                .param("since", Timestamp.from(since))
                .query(Registrants::registrant)
                .optional();
    }

    /**
     * Whether the confirmation or cancel link was made, usable or not (used, replaced, or its registration's over):
     * not a guess.
     */
    boolean linkMade(byte[] hash) {
        return spentLinks.remembers(LinkThrottle.Kind.EVENT_LINK, hash)
                || jdbc.sql("""
                                select exists (select 1 from events.registration where confirm_hash = :hash)
                                    or exists (select 1 from events.cancel_link where token_hash = :hash)
                                """).param("hash", hash).query(Boolean.class).single();
    }

    Optional<Registrant> liveByCancelHash(byte[] hash) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.cancel_link l join events.registration r on r.id = l.registration_id
                        where l.token_hash = :hash and r.status in ('CONFIRMED', 'WAITING')
                        """)
                .param("hash", hash)
                .query(Registrants::registrant)
                .optional();
    }

    int confirmed(long eventId) {
        return jdbc.sql("select count(*) from events.registration where event_id = :event and status = 'CONFIRMED'")
                .param("event", eventId)
                .query(Integer.class)
                .single();
    }

    Optional<Registrant> firstWaiting(long eventId) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.registration r where r.event_id = :event and r.status = 'WAITING'
                        order by r.placed_at, r.id limit 1
                        """)
                .param("event", eventId)
                .query(Registrants::registrant)
                .optional();
    }

    void place(long id, RegistrationStatus status, Instant now) {
        // A promotion keeps its place in time; a first placing is stamped now.
        jdbc.sql("""
                        update events.registration
                        set status = :status, placed_at = coalesce(placed_at, :now)
                        where id = :id
                        """)
                .param("id", id)
                .param("status", status.name())
                .param("now", Timestamp.from(now))
                .update();
    }

    void cancel(long id, Instant now) {
        jdbc.sql("""
                        update events.registration set status = 'CANCELLED', cancelled_at = :now, confirm_hash = null
                        where id = :id
                        """).param("id", id).param("now", Timestamp.from(now)).update();
        // Its cancel links are remembered as spent, so reopening one is known for no guess.
        spentLinks.remember(
                LinkThrottle.Kind.EVENT_LINK,
                jdbc.sql("delete from events.cancel_link where registration_id = :id returning token_hash")
                        .param("id", id)
                        .query((rs, row) -> rs.getBytes("token_hash"))
                        .list());
    }

    /**
     * Deletes a registration never confirmed, as if it had never been made: it holds no place, and its address may
     * never have asked for it. Its confirmation link is remembered as spent, so reopening it is known for no guess.
     */
    void removeUnconfirmed(long id) {
        spentLinks.remember(
                LinkThrottle.Kind.EVENT_LINK,
                jdbc.sql("delete from events.registration where id = :id and status = 'PENDING' returning confirm_hash")
                        .param("id", id)
                        .query((rs, row) -> rs.getBytes("confirm_hash"))
                        .list());
    }

    /**
     * The number of the latest reminder queued for the registration's place, if one was queued; queued is not sent
     * ({@link QueuedMessages} knows which).
     */
    Optional<Integer> latestReminder(long id) {
        return jdbc.sql("select reminders from events.registration where id = :id and reminded_at is not null")
                .param("id", id)
                .query(Integer.class)
                .optional();
    }

    /**
     * Whether the place's latest reminder was being sent as a host changed the event: if it is never delivered, the
     * next look for reminders sends another.
     */
    boolean reminderSuperseded(long id) {
        return jdbc.sql("select reminder_superseded from events.registration where id = :id")
                .param("id", id)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Those holding a place who have had their reminder, with the joining link as it was then. */
    List<Registrant> reminded(long eventId) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.registration r
                        where r.event_id = :event and r.status = 'CONFIRMED' and r.reminded_at is not null
                        order by r.id
                        """)
                .param("event", eventId)
                .query(Registrants::registrant)
                .list();
    }

    /** Everyone who asked for a place and has not cancelled, in the order they were placed. */
    List<Registrant> live(long eventId) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.registration r where r.event_id = :event and r.status <> 'CANCELLED'
                        order by r.status = 'PENDING', r.placed_at nulls last, r.id
                        """)
                .param("event", eventId)
                .query(Registrants::registrant)
                .list();
    }

    List<Registrant> all(long eventId) {
        return jdbc.sql(EVERYONE + " order by " + PLACE_IN_LIST)
                .param("event", eventId)
                .query(Registrants::registrant)
                .list();
    }

    /**
     * The same as {@link #all}, handed on one at a time. The order is taken once, as it stands when the first page is
     * read; the registrations are then read a page at a time in that order, each page in a statement of its own after
     * the last one handed on, so no connection is held while they are written out. Someone promoted from the waiting
     * list or cancelling meanwhile keeps the place they had at the start and is shown as they stand when their page is
     * read, so nobody is listed twice or left out; someone registering meanwhile is in the next download.
     */
    void each(long eventId, int rowsAtATime, Consumer<Registrant> each) {
        List<Long> order = jdbc.sql(
                        "select r.id from events.registration r where r.event_id = :event order by " + PLACE_IN_LIST)
                .param("event", eventId)
                .query(Long.class)
                .list();
        for (int from = 0; from < order.size(); from += rowsAtATime) {
            List<Long> ids = order.subList(from, Math.min(order.size(), from + rowsAtATime));
            List<Registrant> page = jdbc.sql("select " + COLUMNS + """
                             from unnest(cast(:ids as bigint[])) with ordinality as listed(id, n)
                            join events.registration r on r.id = listed.id
                            order by listed.n
                            """)
                    .param("ids", ids.toArray(Long[]::new))
                    .query(Registrants::registrant)
                    .list();
            page.forEach(each);
        }
    }

    /** The registrations kept, and those counted into the event when they were deleted a year after it. */
    Registrations.Counts counts(long eventId) {
        return jdbc.sql("""
                        with live as (
                            select count(*) filter (where status = 'CONFIRMED') as confirmed,
                                   count(*) filter (where status = 'WAITING') as waiting,
                                   count(*) filter (where status = 'PENDING') as pending,
                                   count(*) filter (where status = 'CONFIRMED' and attended) as attended
                            from events.registration where event_id = :event)
                        select l.confirmed + coalesce(e.kept_confirmed, 0) as confirmed,
                               l.waiting + coalesce(e.kept_waiting, 0) as waiting,
                               l.pending + coalesce(e.kept_pending, 0) as pending,
                               l.attended + coalesce(e.kept_attended, 0) as attended
                        from live l left join events.event e on e.id = :event
                        """)
                .param("event", eventId)
                .query((rs, row) -> new Registrations.Counts(
                        rs.getInt("confirmed"), rs.getInt("waiting"), rs.getInt("pending"), rs.getInt("attended")))
                .single();
    }

    /**
     * Marks who came, among the confirmed registrants a host's page showed ({@code shown}; null for every one): those
     * ticked came, those the page showed ticked and the host unticked did not, and the others not marked yet did not
     * either. A registrant marked as come by another host since that page was made keeps the mark, and one the page
     * did not show is left as it is, so two hosts saving their pages at once each save their own ticks.
     */
    void recordAttendance(long eventId, Collection<Long> came, Collection<Long> shown, Collection<Long> shownTicked) {
        jdbc.sql("""
                        update events.registration set attended = case
                            when id = any(:came) then true
                            when id = any(:shownTicked) then false
                            else coalesce(attended, false) end
                        where event_id = :event and status = 'CONFIRMED' and (:everyone or id = any(:shown))
                        """)
                .param("event", eventId)
                .param("came", came.toArray(Long[]::new))
                .param("shownTicked", shownTicked.toArray(Long[]::new))
                .param("everyone", shown == null)
                .param("shown", (shown == null ? List.<Long>of() : shown).toArray(Long[]::new))
                .update();
    }

    /** A cancelled event had nobody attend: ticks saved before it was cancelled (at the door, early) are dropped. */
    void forgetAttendance(long eventId) {
        jdbc.sql("update events.registration set attended = null where event_id = :event and attended is not null")
                .param("event", eventId)
                .update();
    }

    static Registrant registrant(ResultSet rs, int row) throws SQLException {
        Timestamp placed = rs.getTimestamp("placed_at");
        boolean attended = rs.getBoolean("attended");
        boolean notMarked = rs.wasNull();
        RegistrationStatus status = RegistrationStatus.valueOf(rs.getString("status"));
        // Only a place held is attended, as the counts take it: a tick at the door before the start stays on the row
        // of someone who then cancelled, and they did not come to the place they gave up.
        Boolean attendedOrNull = notMarked || status != RegistrationStatus.CONFIRMED ? null : attended;
        return new Registrant(
                rs.getLong("id"),
                rs.getLong("event_id"),
                rs.getString("name"),
                rs.getString("email"),
                TeamRole.valueOf(rs.getString("role")),
                rs.getString("practice"),
                status,
                rs.getTimestamp("requested_at").toInstant(),
                placed == null ? null : placed.toInstant(),
                attendedOrNull);
    }
}
