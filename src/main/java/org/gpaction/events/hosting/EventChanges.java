package org.gpaction.events.hosting;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.ballots.BallotNumbers;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventAccess;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.registration.Registrations;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/** Hosts publish, change and cancel events; registrants hear of every change that matters to them. */
@Service
class EventChanges {

    private final Events events;
    private final EventAccess access;
    private final Registrations registrations;
    private final BallotNumbers ballots;
    private final Clock clock;

    EventChanges(Events events, EventAccess access, Registrations registrations, BallotNumbers ballots, Clock clock) {
        this.events = events;
        this.access = access;
        this.registrations = registrations;
        this.ballots = ballots;
        this.clock = clock;
    }

    /** An event published, and whether an earlier sending of the same form published it. */
    record Published(Event event, boolean before) {}

    @Transactional
    public Event publish(StaffPrincipal host, EventDetails entered) {
        return publish(host, entered, null).event();
    }

    /**
     * Publishes the event of a form sent with this one-time value ({@code submission}; null for none) once: the same
     * form sent again (a double click) is answered with the event the first sending published. The value stands for
     * the details sent with it too: the page sent again with other details (the host went back to correct a typo) is
     * another event, published as such, never answered with one whose details differ.
     */
    @Transactional
    public Published publish(StaffPrincipal host, EventDetails entered, UUID submission) {
        Instant now = clock.instant();
        EventDetails details = access.checked(host, entered, null, now);
        refuseUnknownBallot(details, null);
        UUID once = submission == null
                ? null
                : UUID.nameUUIDFromBytes((submission + "\n" + details).getBytes(StandardCharsets.UTF_8));
        if (once != null) {
            Optional<Long> published = events.publishedFrom(once);
            if (published.isPresent()) {
                return new Published(access.toHost(host, published.get()), true);
            }
        }
        Optional<Long> id = events.insert(details, host.email(), now, once);
        if (id.isEmpty()) {
            // Sent twice at once: this sending waited for the other, which published it.
            return new Published(access.toHost(host, events.publishedFrom(once).orElseThrow()), true);
        }
        return new Published(events.find(id.get()).orElseThrow(), false);
    }

    /** The event was changed after the host's form was opened: nothing is changed and nobody is emailed. */
    static class ChangedMeanwhile extends RuntimeException {
        private final transient Event current;

        ChangedMeanwhile(Event current) {
            super("The event was changed after the form was opened");
            this.current = current;
        }

        Event current() {
            return current;
        }
    }

    /**
     * Stores the host's details over the event as it was when the host's form was opened, its {@code opened} version
     * (its last change, {@link Event#updatedAt}); if anyone has changed it since, nothing is changed, so a form opened
     * earlier never puts back what the later change replaced, nor emails registrants the old details.
     *
     * @return how many registrants were emailed about the change
     */
    @Transactional
    public int change(StaffPrincipal host, long id, EventDetails entered, Instant opened) {
        access.toHost(host, id);
        Instant now = clock.instant();
        Event before = events.lock(id).orElseThrow();
        refuseChanging(before, now);
        if (!before.updatedAt().equals(opened)) {
            throw new ChangedMeanwhile(before);
        }
        EventDetails details = access.checked(host, entered, before.lmc(), now);
        refuseUnknownBallot(details, before.ballotId());
        int confirmed = registrations.counts(id).confirmed();
        if (details.capacity() < confirmed) {
            throw InvalidEvent.of(
                    "capacity",
                    confirmed + " people hold confirmed places: places cannot be fewer than that (they can cancel"
                            + " through their emails)");
        }
        events.update(before, details, now);
        return registrations.changed(before, id);
    }

    /**
     * Cancels the event and tells everyone registered.
     *
     * @return how many registrants were emailed about the cancellation
     */
    @Transactional
    public int cancel(StaffPrincipal host, long id) {
        access.toHost(host, id);
        Instant now = clock.instant();
        Event event = events.lock(id).orElseThrow();
        refuseCancelling(event, now);
        events.cancel(id, now);
        return registrations.cancelled(events.find(id).orElseThrow());
    }

    /** An event cancelled, or one that has started, cannot be changed: refused 409 saying which. */
    static void refuseChanging(Event event, Instant now) {
        if (event.cancelled()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "This event has been cancelled: a cancelled event cannot be changed");
        }
        if (event.hasStarted(now)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This event has started (" + event.when() + "): an event that has started cannot be changed");
        }
    }

    /** An event already cancelled, or one that has started, cannot be cancelled: refused 409 saying which. */
    static void refuseCancelling(Event event, Instant now) {
        if (event.cancelled()) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT, "This event has already been cancelled: there is nothing more to cancel");
        }
        if (event.hasStarted(now)) {
            throw new ResponseStatusException(
                    HttpStatus.CONFLICT,
                    "This event has started (" + event.when() + "): an event that has started cannot be cancelled");
        }
    }

    /**
     * A ballot number must be a ballot's: the event is listed on that ballot's pages, and a mistyped number lists it on
     * another ballot's, or on none. One the event had before is not checked again: a draft ballot may have been deleted
     * since, and the host changing the time need not first clear it.
     */
    private void refuseUnknownBallot(EventDetails details, Long before) {
        Long ballot = details.ballotId();
        if (ballot != null && !ballot.equals(before) && !ballots.exists(ballot)) {
            throw InvalidEvent.of(
                    "ballotId", "There is no ballot " + ballot + ": check its number, or leave it blank for none");
        }
    }
}
