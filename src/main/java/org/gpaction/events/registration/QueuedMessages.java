package org.gpaction.events.registration;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gpaction.notifications.Outbox;
import org.springframework.stereotype.Component;

/**
 * What became of the reminders and notices of a move queued to registrants ({@link RegistrantEmails}), each known by
 * its number ({@link NumberedMessages}): still to send, never sent, or withdrawn unsent as they tell of the event as
 * it was; and whether the email telling of a place was ever delivered.
 */
@Component
class QueuedMessages {

    private final Outbox outbox;

    QueuedMessages(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Withdraws the reminders still waiting to be sent (the mail server down) of these places, given by registration
     * with the number of the latest reminder queued for each, as they tell of the event as it was; returns the
     * registrations whose reminder was withdrawn, to be reminded again. One being sent at this moment is not waited
     * for, nor withdrawn.
     */
    Set<Long> withdrawUnsentReminders(Map<Long, Integer> reminders) {
        Map<String, Long> registrations = new HashMap<>();
        reminders.forEach((id, number) -> registrations.put(MessageReferences.reminderReference(id, number), id));
        return outbox.withdrawUnsent(EventLinks.REMINDER, registrations.keySet()).stream()
                .map(registrations::get)
                .collect(Collectors.toSet());
    }

    /**
     * Of these places, given by registration with the number of the latest reminder queued for each, those whose
     * reminder will never be delivered: the dispatcher gave up on it, or withdrew it.
     */
    Set<Long> neverSentReminders(Map<Long, Integer> reminders) {
        return reminders(reminders, outbox::neverSent);
    }

    /**
     * Of these places, given by registration with the number of the latest reminder queued for each, those whose
     * reminder is still to send, or being sent now.
     */
    Set<Long> remindersStillToSend(Map<Long, Integer> reminders) {
        return reminders(reminders, outbox::stillToSend);
    }

    /**
     * Whether this reminder of the place, known by its number, has gone to the mail server: neither still to send (the
     * mail server down) nor never to be delivered.
     */
    boolean reminderSent(long registration, int number) {
        Map<Long, Integer> reminder = Map.of(registration, number);
        return remindersStillToSend(reminder).isEmpty()
                && neverSentReminders(reminder).isEmpty();
    }

    /** Whether this reminder of the place, known by its number, will never be delivered. */
    boolean reminderNeverSent(long registration, int number) {
        return !neverSentReminders(Map.of(registration, number)).isEmpty();
    }

    /**
     * Whether the email telling the registrant of their place, or of their turn on the waiting list ({@code status}),
     * with its cancel link, will never be delivered: the dispatcher gave up on one, as it does for an address that
     * rejects mail, and none is still to send. Read as {@link #reminderNeverSent} reads the reminder's.
     */
    boolean placeEmailNeverSent(long registration, RegistrationStatus status) {
        List<String> reference = List.of(MessageReferences.wordedFor(Long.toString(registration), status));
        return !outbox.neverSent(EventLinks.CANCELLATION, reference).isEmpty()
                && outbox.stillToSend(EventLinks.CANCELLATION, reference).isEmpty();
    }

    private static Set<Long> reminders(
            Map<Long, Integer> reminders, BiFunction<String, Collection<String>, List<String>> found) {
        Map<String, Long> registrations = new HashMap<>();
        reminders.forEach((id, number) -> registrations.put(MessageReferences.reminderReference(id, number), id));
        return found.apply(EventLinks.REMINDER, registrations.keySet()).stream()
                .map(registrations::get)
                .collect(Collectors.toSet());
    }

    /**
     * Withdraws the notices of an earlier new time or place still waiting to be sent (the mail server down) to these
     * registrants, given by registration with the number of the notice being queued for each, as they tell of the
     * event as it was: the notice of the latest one replaces them. One being sent at this moment is not waited for,
     * nor withdrawn; it is refused if it is tried again ({@link EventLinks}). An earlier notice queued while they were
     * not yet confirmed, which carries no link, is withdrawn as well, whether they have confirmed since or not.
     */
    Set<Long> withdrawUnsentMoveNotices(Map<Long, Integer> notices) {
        Map<String, Long> places = new HashMap<>();
        notices.forEach((id, notice) -> {
            String reference = MessageReferences.moveNoticeReference(id, notice - 1);
            places.put(reference, id);
            places.put(MessageReferences.wordedFor(reference, RegistrationStatus.WAITING), id);
        });
        return Stream.of(EventLinks.MOVE_NOTICE, EventLinks.CHANGED)
                .flatMap(category -> outbox.withdrawUnsent(category, places.keySet()).stream())
                .map(places::get)
                .collect(Collectors.toSet());
    }
}
