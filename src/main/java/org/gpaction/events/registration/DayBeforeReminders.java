package org.gpaction.events.registration;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gpaction.common.ratelimit.SpentLinkHashes;
import org.gpaction.common.retention.BatchedDeletes;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends each confirmed registrant one reminder from 9am UK time the day before the event, also to those given a
 * place later that day. Registrations due are claimed with SKIP LOCKED and marked reminded in the same transaction
 * as their email is queued, so several application instances share the work and nobody is reminded twice. Each
 * event is held (shared) while its reminders go, so a host's change or cancellation comes wholly before or after them.
 * Also forgets registrations once the event is long over.
 */
@Component
class DayBeforeReminders {

    static final int BATCH = 500;

    /** Registrations deleted per transaction once their time is up. */
    static final int FORGET_BATCH = 1_000;

    /**
     * The confirmation link of each registration deleted ({@code gone}; null for one with none left) and each of its
     * cancel links, which the delete takes with it: read as they were when the statement began, as every part of one
     * statement reads them.
     */
    private static final String LINKS_GONE = """
            select g.confirm_hash as hash from gone g
            union all
            select l.token_hash from events.cancel_link l join gone g on g.id = l.registration_id
            """;

    private static final Logger log = LoggerFactory.getLogger(DayBeforeReminders.class);

    private final JdbcClient jdbc;
    private final Events events;
    private final Registrants registrants;
    private final NumberedMessages numbered;
    private final RegistrantEmails emails;
    private final QueuedMessages queued;
    private final EventsProperties properties;
    private final SpentLinkHashes spentLinks;
    private final Clock clock;
    private final TransactionTemplate transaction;

    DayBeforeReminders(
            JdbcClient jdbc,
            Events events,
            Registrants registrants,
            NumberedMessages numbered,
            RegistrantEmails emails,
            QueuedMessages queued,
            EventsProperties properties,
            SpentLinkHashes spentLinks,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.registrants = registrants;
        this.numbered = numbered;
        this.emails = emails;
        this.queued = queued;
        this.properties = properties;
        this.spentLinks = spentLinks;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Sends a batch of the reminders due; returns how many. */
    @Scheduled(
            fixedDelayString = "${gpaction.events.reminder-check-every:1m}",
            initialDelayString = "${gpaction.events.reminder-check-every:1m}")
    @Transactional
    public int sendDue() {
        Instant now = clock.instant();
        remindAgainWhereSupersededRemindersWentUnsent(now);
        // The events are held first, shared, until the reminders are committed: a host changing or cancelling one of
        // them waits, then sees who was reminded (and sends them a new joining link), and the reminder never tells
        // of an event as it was before a change or after its cancellation. An event a host holds now is skipped, to
        // be read as the host left it at the next run. The event before its registrations, as a host takes them,
        // and never waiting for either: the job and a host cannot deadlock.
        List<Long> eventIds = jdbc.sql("""
                        select e.id from events.event e
                        where e.status = 'SCHEDULED' and e.remind_at <= :now and e.starts_at > :now
                          and exists (select 1 from events.registration r
                                      where r.event_id = e.id and r.status = 'CONFIRMED' and r.reminded_at is null)
                        order by e.id
                        limit :batch
                        for share of e skip locked
                        """)
                .param("now", Timestamp.from(now))
                .param("batch", BATCH)
                .query(Long.class)
                .list();
        Map<Long, Event> held = new HashMap<>();
        for (long eventId : eventIds) {
            events.find(eventId).filter(event -> event.openAt(now)).ifPresent(event -> held.put(eventId, event));
        }
        if (held.isEmpty()) {
            return 0;
        }
        // The lock that marking them reminded takes, no stronger: a place whose cancel link the dispatcher is making (a
        // row referring to it) is neither passed over until the next run nor holds up the dispatcher's batch until
        // this one commits.
        List<Long> due = jdbc.sql("""
                        select r.id from events.registration r
                        where r.event_id = any(:events) and r.status = 'CONFIRMED' and r.reminded_at is null
                        order by r.id
                        limit :batch
                        for no key update of r skip locked
                        """)
                .param("events", held.keySet().toArray(Long[]::new))
                .param("batch", BATCH)
                .query(Long.class)
                .list();
        for (long id : due) {
            Registrant registrant = registrants.find(id).orElseThrow();
            emails.reminder(registrant, held.get(registrant.eventId()), numbered.markReminded(id, now));
        }
        if (!due.isEmpty()) {
            log.info("Sent {} event reminders", due.size());
        }
        return due.size();
    }

    /**
     * A reminder being sent as a host changed its event counted as sent, and if it does not go after all its place is
     * due a reminder again (EventLinks, as the dispatcher tries it again). One the dispatcher gave up on is never tried
     * again, and one it withdrew while a host changing the event again held the place was left: either way its place
     * is due a reminder again here, sent as the event now is. One that went is done with: it is not looked up again.
     */
    private void remindAgainWhereSupersededRemindersWentUnsent(Instant now) {
        Map<Long, Integer> superseded = numbered.supersededReminders(now);
        if (superseded.isEmpty()) {
            return;
        }
        Set<Long> stillToSend = queued.remindersStillToSend(superseded);
        // Looked for after those still to send, so a reminder that has left them since is seen as it ended.
        Set<Long> neverSent = queued.neverSentReminders(superseded);
        superseded.forEach((id, number) -> {
            if (neverSent.contains(id)) {
                numbered.remindAgain(id, number);
            } else if (!stillToSend.contains(id)) {
                numbered.supersededReminderSent(id, number);
            }
        });
    }

    /**
     * Names, addresses and attendance are kept only as long as the privacy notice says. An event's registrations are
     * counted into the event as the same statement deletes them, so its figures stay what they were; so are those
     * never confirmed, deleted 30 days after they were made, once nobody can confirm for the event any more.
     *
     * <p>They go a batch at a time, each in its own transaction, so a backlog of years is never one huge transaction
     * nor held in memory at once. Each batch's registrations are locked by a statement of their own, skipping any
     * someone holds (left for the next run, never waited for), then deleted by the next statement with their
     * confirmation link and every cancel link they have, which the batch's transaction remembers as spent, so
     * reopening one is known for no guess, as a link used or cancelled is. Every link deleted is remembered: once a
     * registration is locked no cancel link can be added to it (adding one waits for the registration), and the
     * delete, begun after the lock, reads every link committed before it began. Two statements, not one: a single
     * statement reads as things were when it began, before its lock, so a link committed in between would go with its
     * registration unread.
     *
     * @return how many registrations were deleted
     */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT10M")
    public int forgetOldRegistrations() {
        return forgetOldRegistrations(FORGET_BATCH);
    }

    /** As {@link #forgetOldRegistrations()}, deleting at most {@code batch} registrations per transaction. */
    int forgetOldRegistrations(int batch) {
        Instant now = clock.instant();
        Timestamp keepSince =
                Timestamp.from(RegistrationRetention.keptFor(properties).keepSince(now));
        return BatchedDeletes.untilDone(transaction, batch, () -> forgetOfEventsLongOver(keepSince, batch))
                + BatchedDeletes.untilDone(transaction, batch, () -> forgetNeverConfirmedOrCancelled(now, batch));
    }

    /** One batch of the registrations of events that ended before {@code keepSince}; answers how many went. */
    private int forgetOfEventsLongOver(Timestamp keepSince, int batch) {
        List<Long> ids = jdbc.sql("""
                        select r.id from events.registration r join events.event e on e.id = r.event_id
                        where e.ends_at < :keepSince
                        order by r.id
                        limit :batch
                        for update of r skip locked
                        """)
                .param("keepSince", keepSince)
                .param("batch", batch)
                .query(Long.class)
                .list();
        return forgetRemembering(ids, jdbc.sql("""
                with gone as (
                    delete from events.registration r where r.id = any(:ids)
                    returning r.id, r.event_id, r.status, r.attended, r.confirm_hash),
                counted as (
                    select event_id,
                           count(*) filter (where status = 'CONFIRMED') as confirmed,
                           count(*) filter (where status = 'WAITING') as waiting,
                           count(*) filter (where status = 'PENDING') as pending,
                           count(*) filter (where status = 'CONFIRMED' and attended) as attended
                    from gone group by event_id),
                kept as (
                    update events.event e
                    set kept_confirmed = e.kept_confirmed + c.confirmed,
                        kept_waiting = e.kept_waiting + c.waiting,
                        kept_pending = e.kept_pending + c.pending,
                        kept_attended = e.kept_attended + c.attended
                    from counted c where e.id = c.event_id)
                """ + LINKS_GONE));
    }

    /**
     * One batch of the registrations never confirmed, made more than 30 days ago, and of those cancelled more than 30
     * days ago; answers how many went.
     */
    private int forgetNeverConfirmedOrCancelled(Instant now, int batch) {
        // Once an event has started or been cancelled nobody can confirm for it, so its "not yet confirmed" figure is
        // final: those deleted then are counted into it. Before that they only drop out, their link gone; and only an
        // event closed is updated, so this never waits on an open one that someone confirming holds. A registration
        // someone holds (a host's change takes all of its event's, in order) is left for the next run, never waited
        // for, so the two cannot each wait for the other.
        List<Long> ids = jdbc.sql("""
                        select id from events.registration
                        where (status = 'PENDING' and requested_at < :since)
                           or (status = 'CANCELLED' and coalesce(cancelled_at, requested_at) < :since)
                        order by id
                        limit :batch
                        for update skip locked
                        """)
                .param("since", Timestamp.from(now.minus(RegistrationRetention.UNCONFIRMED)))
                .param("batch", batch)
                .query(Long.class)
                .list();
        return forgetRemembering(ids, jdbc.sql("""
                        with gone as (
                            delete from events.registration r using events.event e
                            where e.id = r.event_id and r.id = any(:ids)
                            returning r.id, r.event_id, r.status, r.confirm_hash,
                                      e.status = 'CANCELLED' or e.starts_at <= :now as closed),
                        counted as (
                            select event_id, count(*) filter (where status = 'PENDING' and closed) as pending
                            from gone group by event_id),
                        kept as (
                            update events.event e set kept_pending = e.kept_pending + c.pending
                            from counted c where e.id = c.event_id and c.pending > 0)
                        """ + LINKS_GONE).param("now", Timestamp.from(now)));
    }

    /**
     * Deletes the registrations locked, with their ids given to {@code delete} (which answers their links' hashes), and
     * remembers their links as spent; answers how many registrations went.
     */
    private int forgetRemembering(List<Long> locked, JdbcClient.StatementSpec delete) {
        if (locked.isEmpty()) {
            return 0;
        }
        spentLinks.remember(
                LinkThrottle.Kind.EVENT_LINK,
                delete.param("ids", locked.toArray(Long[]::new))
                        .query((rs, row) -> rs.getBytes("hash"))
                        .list());
        return locked.size();
    }
}
