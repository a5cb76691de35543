package org.gpaction.events.registration;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The numbers of the reminders and notices of a move queued to each place: of each kind, only the place's latest is
 * still wanted, so a message superseded while it waits to be sent is withdrawn rather than sent late
 * ({@link EventLinks}).
 */
@Repository
class NumberedMessages {

    private final JdbcClient jdbc;

    NumberedMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The number of the latest reminder queued for each place at the event that has had one, by registration. */
    Map<Long, Integer> reminders(long eventId) {
        return remindersByRegistration(jdbc.sql("""
                        select id, reminders from events.registration
                        where event_id = :event and status = 'CONFIRMED' and reminded_at is not null
                        """).param("event", eventId));
    }

    /**
     * Records the place as reminded now; returns the number of the reminder being queued for it, from then on the only
     * one of its reminders still wanted.
     */
    int markReminded(long id, Instant now) {
        return jdbc.sql("""
                        update events.registration set reminded_at = :now, reminders = reminders + 1,
                            reminder_superseded = false
                        where id = :id
                        returning reminders
                        """)
                .param("id", id)
                .param("now", Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    /**
     * The places at events whose reminders are due now (scheduled, not yet started) whose latest reminder a change of
     * the event superseded: the number of that reminder, by registration.
     */
    Map<Long, Integer> supersededReminders(Instant now) {
        return remindersByRegistration(jdbc.sql("""
                        select r.id, r.reminders
                        from events.registration r join events.event e on e.id = r.event_id
                        where e.status = 'SCHEDULED' and e.remind_at <= :now and e.starts_at > :now
                          and r.status = 'CONFIRMED' and r.reminded_at is not null and r.reminder_superseded
                        """).param("now", Timestamp.from(now)));
    }

    /** The places a statement reads (columns {@code id} and {@code reminders}): the latest reminder's number of each. */
    private static Map<Long, Integer> remindersByRegistration(JdbcClient.StatementSpec places) {
        return numbersByRegistration(places, "reminders");
    }

    /** The places a statement reads or writes (columns {@code id} and the one named): that column's number of each. */
    private static Map<Long, Integer> numbersByRegistration(JdbcClient.StatementSpec places, String column) {
        return places.query((rs, row) -> Map.entry(rs.getLong("id"), rs.getInt(column))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Numbers the notice of a move about to be queued to each of the event's registrants who has not cancelled (with a
     * place, waiting for one, or not yet confirmed), in the host's change with the event locked (so these are everyone
     * registered as read then): from then on the only notice of theirs still wanted
     * ({@link MessageReferences#moveNoticeReference}). Someone not yet confirmed keeps the number on confirming, so the next
     * move withdraws the notice they had before it.
     *
     * @return the number of each one's new notice, by registration
     */
    Map<Long, Integer> numberMoveNotices(long eventId) {
        return numbersByRegistration(jdbc.sql("""
                        update events.registration set move_notices = move_notices + 1
                        where event_id = :event and status <> 'CANCELLED'
                        returning id, move_notices
                        """).param("event", eventId), "move_notices");
    }

    /**
     * Numbers the email of a new joining link about to be queued to these places, already reminded, as the notice of a
     * move ({@link #numberMoveNotices(long)}), in the host's change with the event locked: from then on the only
     * notice of theirs still wanted.
     *
     * @return the number of each one's new email, by registration
     */
    Map<Long, Integer> numberMoveNotices(Collection<Long> registrations) {
        if (registrations.isEmpty()) {
            return Map.of();
        }
        return numbersByRegistration(jdbc.sql("""
                        update events.registration set move_notices = move_notices + 1
                        where id in (:registrations) and status in ('CONFIRMED', 'WAITING')
                        returning id, move_notices
                        """).param("registrations", registrations), "move_notices");
    }

    /**
     * The place is due a reminder again, its superseded reminder of this number not sent after all, if that is still
     * its latest reminder. A place someone else holds now (a host changing the event) is left for the next look for
     * reminders ({@link DayBeforeReminders}), never waited for. The lock is the one an update of these columns takes,
     * no stronger: a place whose cancel link the dispatcher is making (a row referring to it) is not left.
     */
    void remindAgain(long id, int reminder) {
        jdbc.sql("""
                        update events.registration set reminded_at = null
                        where id = (select id from events.registration
                                    where id = :id and reminders = :reminder and reminder_superseded
                                      and status = 'CONFIRMED' and reminded_at is not null
                                    for no key update skip locked)
                        """).param("id", id).param("reminder", reminder).update();
    }

    /**
     * The place's superseded reminder of this number went (the dispatcher was sending it as the event changed), if that
     * is still its latest reminder: it is not looked up again. A place someone else holds now is left for the next look,
     * but not one whose cancel link is being made, as in {@link #remindAgain}.
     */
    void supersededReminderSent(long id, int reminder) {
        jdbc.sql("""
                        update events.registration set reminder_superseded = false
                        where id = (select id from events.registration
                                    where id = :id and reminders = :reminder and reminder_superseded
                                    for no key update skip locked)
                        """).param("id", id).param("reminder", reminder).update();
    }

    /**
     * The reminders queued so far for the event's places tell of it as it was: none of them is to be sent now. The
     * places are locked in the order they were registered, so a place the dispatcher holds as it makes it due again
     * ({@link #remindAgain}) is waited for before any later one is taken from it, whatever order the rows lie in. The
     * lock is the one an update of these columns takes, no stronger: a cancel link the dispatcher is making for a place
     * (a row referring to it) does not hold the change up.
     */
    void supersedeReminders(long eventId) {
        jdbc.sql("""
                        update events.registration set reminder_superseded = true
                        where id in (select id from events.registration
                                     where event_id = :event and status = 'CONFIRMED' and reminded_at is not null
                                     order by id
                                     for no key update)
                        """).param("event", eventId).update();
    }

    void forgetReminders(long eventId) {
        jdbc.sql("update events.registration set reminded_at = null where event_id = :event")
                .param("event", eventId)
                .update();
    }
}
