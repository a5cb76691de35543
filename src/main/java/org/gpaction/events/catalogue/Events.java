package org.gpaction.events.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.practices.Practices;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** The events table. */
@Repository
public class Events {

    private static final String COLUMNS = """
            id, title, kind, lmc, region, venue, address, joining_link, starts_at, ends_at, capacity, description,
            ballot_id, campaign, status, remind_at, revision, updated_at
            """;

    /**
     * The events {@link #upcoming} lists, narrowed by a {@link Filter}'s parameters (null for any). An LMC's event with
     * no region of its own is in each region the LMC's practices are in ({@code :regionLmcs}, lower case), as a GP
     * looking for events near them expects; an event with a region is in that one only.
     */
    private static final String UPCOMING = """
            status = 'SCHEDULED' and ends_at > :now
              and (cast(:lmc as text) is null or lower(lmc) = lower(:lmc))
              and (cast(:region as text) is null or region = :region
                   or (region is null and lower(lmc) = any(:regionLmcs)))
              and (cast(:kind as text) is null or kind = :kind)
            """;

    /** What the public list may be narrowed to; null means any. */
    public record Filter(String lmc, Region region, EventKind kind) {}

    /** A page of a list, with how many events the list holds in all. */
    public record Page(List<Event> events, long total) {}

    private final JdbcClient jdbc;
    private final Practices practices;

    Events(JdbcClient jdbc, Practices practices) {
        this.jdbc = jdbc;
        this.practices = practices;
    }

    public long insert(EventDetails details, String by, Instant now) {
        return insert(details, by, now, null).orElseThrow();
    }

    /**
     * Stores a new event published from the form sent with this one-time value (null for none); empty, storing
     * nothing, when an event was published from it already ({@link #publishedFrom}). A second sending at the same
     * moment waits for the first to commit.
     */
    public Optional<Long> insert(EventDetails details, String by, Instant now, UUID submission) {
        return params(jdbc.sql("""
                                insert into events.event (title, kind, lmc, region, venue, address, joining_link,
                                    starts_at, ends_at, capacity, description, ballot_id, campaign, remind_at,
                                    created_by, created_at, updated_at, submission)
                                values (:title, :kind, :lmc, :region, :venue, :address, :joiningLink, :startsAt,
                                    :endsAt, :capacity, :description, :ballotId, :campaign, :remindAt, :by, :now,
                                    :now, :submission)
                                on conflict (submission) do nothing
                                returning id
                                """), details)
                .param("by", by)
                .param("now", Timestamp.from(now))
                .param("submission", submission)
                .query(Long.class)
                .optional();
    }

    /** The event published from the form sent with this one-time value, if one was. */
    public Optional<Long> publishedFrom(UUID submission) {
        return jdbc.sql("select id from events.event where submission = :submission")
                .param("submission", submission)
                .query(Long.class)
                .optional();
    }

    /** Stores the event's new details; {@code before} is the event as the caller locked it. */
    public void update(Event before, EventDetails details, Instant now) {
        params(jdbc.sql("""
                                update events.event set title = :title, kind = :kind, lmc = :lmc, region = :region,
                                    venue = :venue, address = :address, joining_link = :joiningLink,
                                    starts_at = :startsAt, ends_at = :endsAt, capacity = :capacity,
                                    description = :description, ballot_id = :ballotId, campaign = :campaign,
                                    remind_at = :remindAt, revision = :revision, updated_at = :now
                                where id = :id
                                """), details)
                .param("id", before.id())
                .param("revision", before.revision() + (before.movedBy(details) ? 1 : 0))
                .param("now", Timestamp.from(now))
                .update();
    }

    public void cancel(long id, Instant now) {
        jdbc.sql("""
                        update events.event set status = 'CANCELLED', revision = revision + 1, updated_at = :now
                        where id = :id
                        """).param("id", id).param("now", Timestamp.from(now)).update();
    }

    public Optional<Event> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from events.event where id = :id")
                .param("id", id)
                .query(Events::event)
                .optional();
    }

    /**
     * The event, locked until the caller's transaction ends: every change to who holds a place takes this lock
     * first, so two changes to one event's places never interleave and the places are never overfilled.
     */
    public Optional<Event> lock(long id) {
        return jdbc.sql("select " + COLUMNS + " from events.event where id = :id for update")
                .param("id", id)
                .query(Events::event)
                .optional();
    }

    /**
     * The event, kept as it is until the caller's transaction ends while others may still read it: for what is about to
     * tell of the event (a reminder, a registration). A host's change or cancellation ({@link #lock}) waits for it, and
     * so tells of the change everyone it told.
     */
    public Optional<Event> lockShared(long id) {
        return jdbc.sql("select " + COLUMNS + " from events.event where id = :id for share")
                .param("id", id)
                .query(Events::event)
                .optional();
    }

    /**
     * A {@link Filter} with the LMCs whose practices are in its region (lower case, by the practices directory; none for
     * no region), looked up once so that a page and its count narrow the list alike.
     */
    record Narrowing(Filter filter, List<String> regionLmcs) {}

    /** Events not yet over and not cancelled, soonest first, leaving out the first {@code skip}: a page of the list. */
    List<Event> upcoming(Narrowing narrowing, Instant now, long skip, int limit) {
        return filtered(jdbc.sql("select " + COLUMNS + " from events.event where " + UPCOMING + """
                                 order by starts_at, id
                                offset :skip
                                limit :limit
                                """), narrowing, now)
                .param("skip", skip)
                .param("limit", limit)
                .query(Events::event)
                .list();
    }

    /**
     * A page of {@link #upcoming} with how many events it lists in all, both read as of one moment (a read-only
     * REPEATABLE READ transaction): an event published or cancelled between the two statements would otherwise be
     * counted but on no page, or on a page but not counted.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page upcomingPage(Filter filter, Instant now, long skip, int limit) {
        Narrowing narrowing = narrowing(filter);
        return new Page(upcoming(narrowing, now, skip, limit), upcomingCount(narrowing, now));
    }

    /** How many events {@link #upcoming} lists in all. */
    public long upcomingCount(Filter filter, Instant now) {
        return upcomingCount(narrowing(filter), now);
    }

    private long upcomingCount(Narrowing narrowing, Instant now) {
        return filtered(jdbc.sql("select count(*) from events.event where " + UPCOMING), narrowing, now)
                .query(Long.class)
                .single();
    }

    private JdbcClient.StatementSpec filtered(JdbcClient.StatementSpec sql, Narrowing narrowing, Instant now) {
        Filter filter = narrowing.filter();
        return sql.param("now", Timestamp.from(now))
                .param("lmc", filter.lmc())
                .param(
                        "region",
                        filter.region() == null ? null : filter.region().name())
                .param("regionLmcs", narrowing.regionLmcs().toArray(String[]::new))
                .param("kind", filter.kind() == null ? null : filter.kind().name());
    }

    /** The filter with the LMCs in its region by the practices directory. */
    private Narrowing narrowing(Filter filter) {
        if (filter.region() == null) {
            return new Narrowing(filter, List.of());
        }
        return new Narrowing(
                filter,
                practices.lmcsInNationalGrouping(filter.region().nationalGrouping()).stream()
                        .map(lmc -> lmc.toLowerCase(Locale.ROOT))
                        .toList());
    }

    /**
     * Events not yet over, cancelled ones too, soonest first, for the calendar feed: a calendar that subscribes to it
     * takes an event off, or moves it, only when the feed says so with a higher SEQUENCE; an event left out is kept
     * as it was. Once over, a cancelled event leaves the feed as the others do.
     */
    public List<Event> inCalendarFeed(Instant now, int limit) {
        return jdbc.sql("select " + COLUMNS + """
                         from events.event
                        where ends_at > :now
                        order by starts_at, id
                        limit :limit
                        """)
                .param("now", Timestamp.from(now))
                .param("limit", limit)
                .query(Events::event)
                .list();
    }

    /**
     * The first upcoming events that belong to a ballot, for its pages while it is open, with how many there are in
     * all, read as of one moment as {@link #upcomingPage} reads them.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page upcomingForBallot(long ballotId, Instant now, int limit) {
        List<Event> first = jdbc.sql("select " + COLUMNS + """
                         from events.event
                        where status = 'SCHEDULED' and ends_at > :now and ballot_id = :ballot
                        order by starts_at, id
                        limit :limit
                        """)
                .param("now", Timestamp.from(now))
                .param("ballot", ballotId)
                .param("limit", limit)
                .query(Events::event)
                .list();
        long total = jdbc.sql("""
                        select count(*) from events.event
                        where status = 'SCHEDULED' and ends_at > :now and ballot_id = :ballot
                        """)
                .param("now", Timestamp.from(now))
                .param("ballot", ballotId)
                .query(Long.class)
                .single();
        return new Page(first, total);
    }

    /** The LMCs hosting upcoming events, for the public list's filter. */
    public List<String> hostLmcs(Instant now) {
        return jdbc.sql("""
                        select distinct lmc from events.event
                        where status = 'SCHEDULED' and ends_at > :now and lmc is not null
                        order by lmc
                        """)
                .param("now", Timestamp.from(now))
                .query(String.class)
                .list();
    }

    /**
     * A page of every event of one LMC (or, with null, every event), latest first, for hosts, with how many there are in
     * all, both read as of one moment as {@link #upcomingPage} reads them.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Page hostedBy(String lmc, long skip, int limit) {
        List<Event> page = jdbc.sql("select " + COLUMNS + """
                         from events.event
                        where cast(:lmc as text) is null or lower(lmc) = lower(:lmc)
                        order by starts_at desc, id desc
                        offset :skip
                        limit :limit
                        """)
                .param("lmc", lmc)
                .param("skip", skip)
                .param("limit", limit)
                .query(Events::event)
                .list();
        long total = jdbc.sql("""
                        select count(*) from events.event
                        where cast(:lmc as text) is null or lower(lmc) = lower(:lmc)
                        """).param("lmc", lmc).query(Long.class).single();
        return new Page(page, total);
    }

    private static JdbcClient.StatementSpec params(JdbcClient.StatementSpec sql, EventDetails details) {
        return sql.param("title", details.title())
                .param("kind", details.kind().name())
                .param("lmc", details.lmc())
                .param(
                        "region",
                        details.region() == null ? null : details.region().name())
                .param("venue", details.venue())
                .param("address", details.address())
                .param("joiningLink", details.joiningLink())
                .param("startsAt", Timestamp.from(details.startsAt()))
                .param("endsAt", Timestamp.from(details.endsAt()))
                .param("capacity", details.capacity())
                .param("description", details.description())
                .param("ballotId", details.ballotId())
                .param("campaign", details.campaign())
                .param("remindAt", Timestamp.from(EventRules.reminderDue(details.startsAt())));
    }

    private static Event event(ResultSet rs, int row) throws SQLException {
        String region = rs.getString("region");
        long ballot = rs.getLong("ballot_id");
        Long ballotId = rs.wasNull() ? null : ballot;
        return new Event(
                rs.getLong("id"),
                rs.getString("title"),
                EventKind.valueOf(rs.getString("kind")),
                rs.getString("lmc"),
                region == null ? null : Region.valueOf(region),
                rs.getString("venue"),
                rs.getString("address"),
                rs.getString("joining_link"),
                rs.getTimestamp("starts_at").toInstant(),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getInt("capacity"),
                rs.getString("description"),
                ballotId,
                rs.getString("campaign"),
                "CANCELLED".equals(rs.getString("status")),
                rs.getTimestamp("remind_at").toInstant(),
                rs.getInt("revision"),
                rs.getTimestamp("updated_at").toInstant());
    }
}
