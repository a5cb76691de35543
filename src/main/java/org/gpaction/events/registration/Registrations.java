package org.gpaction.events.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** What hosts see and do with an event's registrations, and what registrants are told when an event changes. */
@Service
public class Registrations {

    /** How an event's places stand. */
    public record Counts(int confirmed, int waiting, int pending, int attended) {}

    /** Registrants read at a time for a download. */
    static final int ROWS_AT_A_TIME = 500;

    private static final Logger log = LoggerFactory.getLogger(Registrations.class);

    private final Events events;
    private final Registrants registrants;
    private final NumberedMessages numbered;
    private final Places places;
    private final RegistrantEmails emails;
    private final QueuedMessages queued;
    private final Clock clock;

    Registrations(
            Events events,
            Registrants registrants,
            NumberedMessages numbered,
            Places places,
            RegistrantEmails emails,
            QueuedMessages queued,
            Clock clock) {
        this.events = events;
        this.registrants = registrants;
        this.numbered = numbered;
        this.places = places;
        this.emails = emails;
        this.queued = queued;
        this.clock = clock;
    }

    public Counts counts(long eventId) {
        return registrants.counts(eventId);
    }

    /** Everyone who registered, cancelled ones last. */
    public List<Registrant> list(long eventId) {
        return registrants.all(eventId);
    }

    /**
     * The same as {@link #list}, in its order as the download starts, handed on one at a time for a download of any
     * length: each registrant once, as they stand when their page of {@link #ROWS_AT_A_TIME} is read.
     */
    public void each(long eventId, Consumer<Registrant> each) {
        each(eventId, ROWS_AT_A_TIME, each);
    }

    /** As above, read {@code rowsAtATime} at a time. */
    public void each(long eventId, int rowsAtATime, Consumer<Registrant> each) {
        registrants.each(eventId, rowsAtATime, each);
    }

    /** One registration of the event, cancelled or not; empty if it is another event's or none. */
    public Optional<Registrant> find(long eventId, long registrationId) {
        return registrants.find(registrationId).filter(registrant -> registrant.eventId() == eventId);
    }

    /**
     * A host cancels someone's registration (they phoned to give up their place, or a script filled the event), with
     * the event locked as a registrant's own cancelling locks it: a place freed goes to the next person waiting, who is
     * emailed, and the person removed is told that the hosts cancelled it. A registration never confirmed is removed
     * without an email instead: it holds no place, and a script may have registered an address that never asked, whose
     * owner should not be emailed again. Refused 409 once the event has started or been cancelled, and when the
     * registration is cancelled already (another host, or its registrant, went first).
     *
     * @param host who cancelled it, for the log
     * @return the registration as it was before it was cancelled
     */
    @Transactional
    public Registrant cancelByHost(long eventId, long registrationId, String host) {
        Instant now = clock.instant();
        Event event = events.lock(eventId).orElseThrow();
        refuseCancellingRegistrations(event, now);
        // Read under the lock: another host, or the registrant's own link, may have cancelled it meanwhile.
        Registrant registrant = find(eventId, registrationId)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no registration " + registrationId + " for this event"));
        if (registrant.status() == RegistrationStatus.CANCELLED) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This registration is already cancelled (by another host, or by the person through their email):"
                            + " nothing more was done");
        }
        if (registrant.status() == RegistrationStatus.PENDING) {
            registrants.removeUnconfirmed(registrant.id());
            log.info(
                    "Registration {} at event {}, never confirmed, removed by its host {} without an email",
                    registrant.id(),
                    eventId,
                    host);
            return registrant;
        }
        registrants.cancel(registrant.id(), now);
        int promoted = registrant.status() == RegistrationStatus.CONFIRMED
                ? places.fill(event, Places.Freed.CANCELLED, now)
                : 0;
        emails.hostCancelled(registrant, event);
        log.info(
                "Registration {} ({}) at event {} cancelled by its host {}; {} moved up from the waiting list",
                registrant.id(),
                registrant.status(),
                eventId,
                host,
                promoted);
        return registrant;
    }

    /** Once an event has started, who came is the host's record; once it is cancelled, nobody holds a place. */
    public static void refuseCancellingRegistrations(Event event, Instant now) {
        if (event.cancelled()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This event has been cancelled, so its registrations cannot be cancelled one by one (nothing was"
                            + " changed)");
        }
        if (event.hasStarted(now)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This event has started (" + event.when() + "): its registrations cannot be cancelled now, as who"
                            + " came is the host's record (nothing was changed)");
        }
    }

    /** Marks who came, from a page that did not say which registrants it showed: see the other form. */
    @Transactional
    public void recordAttendance(long eventId, Collection<Long> came) {
        recordAttendance(eventId, came, null, List.of());
    }

    /**
     * Marks who came among the confirmed registrants a host's page showed, leaving the rest, and any tick saved by
     * another host since the page was made, as they are.
     *
     * @param shown the registrants the page showed; null for every one (a page from before it said)
     * @param shownTicked those it showed ticked: one of them not in {@code came} was unticked by the host
     */
    @Transactional
    public void recordAttendance(
            long eventId, Collection<Long> came, Collection<Long> shown, Collection<Long> shownTicked) {
        // Locked against cancelling, so ticks sent as the event is cancelled are refused, never saved after it.
        if (events.lockShared(eventId).orElseThrow().cancelled()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This event has been cancelled, so nobody attended it: attendance cannot be saved for it (nothing"
                            + " was saved)");
        }
        registrants.recordAttendance(eventId, came, shown, shownTicked);
    }

    /**
     * After a host changed an event (in the host's transaction, with the event locked): everyone registered is
     * told if the time or place moved, in one notice with the new details. The day-before reminder goes again only
     * when the event moved to another day whose reminder is still to come: a correction on the same day, or a move to
     * a day whose reminder time has passed, would only repeat the notice. When a webinar's joining link changed, those
     * already reminded (the only ones who had the old link) are sent the new one, in the notice if there is one, and
     * everyone else gets it in their reminder; the notice to someone already reminded of a webinar, whose reminder
     * does not go again, always carries the link, as the unsent notice it replaces may have been the only one with it.
     * The email of a new link alone, which carries the event's details too, replaces the notice of an earlier move
     * still unsent, as the notice of a later move would, so nobody's latest email has the old link.
     * A reminder queued but still unsent (the mail server down) is withdrawn and goes again with the new details; one
     * being sent at that moment is not waited for, and counts as sent. So is the notice of an earlier move still
     * unsent: the notice of this one replaces it, so each person is told only the latest details; one being sent at
     * that moment that does not go after all is never sent later, after this one ({@link EventLinks}). Places added
     * go to the waiting list.
     *
     * @return how many registrants were emailed about the change, those given a place it added among them
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int changed(Event before, long eventId) {
        Instant now = clock.instant();
        Event after = events.lock(eventId).orElseThrow();
        boolean moved = after.revision() != before.revision();
        boolean remindAgain = moved
                && !after.remindAt().equals(before.remindAt())
                && after.remindAt().isAfter(now);
        boolean newJoiningLink = after.kind() == EventKind.WEBINAR
                && (before.kind() != EventKind.WEBINAR || !Objects.equals(before.joiningLink(), after.joiningLink()));
        List<Registrant> remindedBefore = registrants.reminded(eventId);
        Set<Long> unsent = moved || newJoiningLink ? supersedeReminders(eventId) : Set.of();
        Set<Long> reminded = remindedBefore.stream()
                .map(Registrant::id)
                .filter(id -> !unsent.contains(id))
                .collect(Collectors.toSet());
        List<Registrant> told = List.of();
        if (moved) {
            if (remindAgain) {
                numbered.forgetReminders(eventId);
            }
            Map<Long, Integer> notices = numbered.numberMoveNotices(eventId);
            // Only those numbered: a registration never confirmed may be deleted (DayBeforeReminders, without the
            // event's lock) while the numbering waits for it, and then has no number.
            told = registrants.live(eventId).stream()
                    .filter(registrant -> notices.containsKey(registrant.id()))
                    .toList();
            queued.withdrawUnsentMoveNotices(notices);
            // The joining link goes in every notice to someone reminded whose reminder does not go again, not only in
            // one of a new link: the notice of an earlier move withdrawn above may have been the only email with it.
            boolean webinar = after.kind() == EventKind.WEBINAR;
            told.forEach(registrant -> emails.moved(
                    registrant,
                    after,
                    webinar && !remindAgain && reminded.contains(registrant.id()),
                    notices.get(registrant.id())));
        } else if (newJoiningLink) {
            told = remindedBefore.stream()
                    .filter(registrant -> reminded.contains(registrant.id()))
                    .toList();
            // The email of the new link carries the event's details too, so it is numbered as the notice of a move is:
            // a notice of an earlier move still unsent, with the old link, is withdrawn, and one being sent at this
            // moment that does not go after all is never sent later, after it.
            Map<Long, Integer> notices =
                    numbered.numberMoveNotices(told.stream().map(Registrant::id).toList());
            Set<Long> replaced = queued.withdrawUnsentMoveNotices(notices);
            told.forEach(registrant -> emails.newJoiningLink(
                    registrant, after, notices.get(registrant.id()), replaced.contains(registrant.id())));
        }
        // Reminded again now unless the reminder goes again anyway, the day before the new day.
        List<Registrant> remindedAgain = remindAgain
                ? List.of()
                : remindedBefore.stream()
                        .filter(registrant -> unsent.contains(registrant.id()))
                        .toList();
        remindedAgain.forEach(
                registrant -> emails.reminder(registrant, after, numbered.markReminded(registrant.id(), now)));
        int promoted = places.fill(after, Places.Freed.MORE_PLACES, now);
        // Those given a place were waiting, so told of a new time or place already: each person is counted once.
        return moved ? told.size() : told.size() + remindedAgain.size() + promoted;
    }

    /**
     * A reminder still unsent (the mail server down) tells of the event as it was: it is withdrawn, and goes again with
     * the new details, so those it was for never held the old ones. One the dispatcher is sending at this moment is
     * not waited for, as the mail server may take its time or be down, and the host's change would wait with it: it
     * counts as sent, and is superseded with every reminder queued so far, so that if it does not go after all it is
     * never sent with the old details later, and its place is due a reminder again ({@link EventLinks}).
     *
     * @return the registrations whose reminder was withdrawn unsent
     */
    private Set<Long> supersedeReminders(long eventId) {
        Set<Long> withdrawn = queued.withdrawUnsentReminders(numbered.reminders(eventId));
        numbered.supersedeReminders(eventId);
        return withdrawn;
    }

    /**
     * After a host cancelled an event, in the host's transaction: everyone registered is told, and any attendance
     * ticked before it was cancelled is forgotten, as nobody attended it.
     *
     * @return how many registrants were emailed
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelled(Event event) {
        registrants.forgetAttendance(event.id());
        List<Registrant> told = registrants.live(event.id());
        told.forEach(registrant -> emails.eventCancelled(registrant, event));
        return told.size();
    }
}
