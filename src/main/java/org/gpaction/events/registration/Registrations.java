package org.gpaction.events.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** What hosts see and do with an event's registrations, and what registrants are told when an event changes. */
@Service
public class Registrations {

    /** How an event's places stand. */
    public record Counts(int confirmed, int waiting, int pending, int attended) {}

    private final Events events;
    private final Registrants registrants;
    private final Places places;
    private final RegistrantEmails emails;
    private final Clock clock;

    Registrations(Events events, Registrants registrants, Places places, RegistrantEmails emails, Clock clock) {
        this.events = events;
        this.registrants = registrants;
        this.places = places;
        this.emails = emails;
        this.clock = clock;
    }

    public Counts counts(long eventId) {
        return registrants.counts(eventId);
    }

    /** Everyone who registered, cancelled ones last. */
    public List<Registrant> list(long eventId) {
        return registrants.all(eventId);
    }

    @Transactional
    public void recordAttendance(long eventId, Collection<Long> came) {
        registrants.recordAttendance(eventId, came);
    }

    /**
     * After a host changed an event (in the host's transaction, with the event locked): everyone registered is
     * told if the time or place moved, and the reminder is due again for the new date; when only a webinar's joining
     * link changed, those already reminded (the only ones who had the old link) are sent the new one, and everyone
     * else gets it in their reminder. Places added go to the waiting list.
     *
     * @return how many registrants were emailed about the change
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int changed(Event before, long eventId) {
        Instant now = clock.instant();
        Event after = events.lock(eventId).orElseThrow();
        boolean moved = !before.startsAt().equals(after.startsAt())
                || !before.endsAt().equals(after.endsAt())
                || before.kind() != after.kind()
                || !Objects.equals(before.venue(), after.venue())
                || !Objects.equals(before.address(), after.address());
        List<Registrant> told = List.of();
        if (moved) {
            registrants.forgetReminders(eventId);
            told = registrants.live(eventId);
            told.forEach(registrant -> emails.moved(registrant, after));
        } else if (after.kind() == EventKind.WEBINAR && !Objects.equals(before.joiningLink(), after.joiningLink())) {
            told = registrants.reminded(eventId);
            told.forEach(registrant -> emails.newJoiningLink(registrant, after));
        }
        places.fill(after, now);
        return told.size();
    }

    /** After a host cancelled an event, in the host's transaction: everyone registered is told. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void cancelled(Event event) {
        registrants.live(event.id()).forEach(registrant -> emails.eventCancelled(registrant, event));
    }
}
