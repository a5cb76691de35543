package org.gpaction.events.registration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.RetryAfter;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.gpaction.membership.MemberContacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registration by anyone, confirmed through a single-use link, and cancelled through the link in any later email.
 * The answer to a registration is the same whatever happened (new, again, already placed): only the mailbox's owner
 * learns which.
 */
@Service
class Registering {

    /**
     * How long after confirming the same link pressed again (a double click, a page sent again) shows what it did. Only
     * so long: what it shows (a place or a turn on the waiting list, whether the address is a member's) was told once,
     * to whoever pressed it, and a link lying in a mailbox for the year its registration is kept must not tell it again.
     */
    static final Duration PRESSED_AGAIN_WITHIN = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(Registering.class);

    /** What a confirmation or cancel link leads to, for its page. */
    record Linked(Registrant registrant, Event event) {}

    /**
     * The outcome of confirming, for the page that says it.
     *
     * @param reminder when the reminder of a place goes
     * @param detailsNotSent whether the email telling of the place (or the turn on the waiting list), with its cancel
     *     link, will never be delivered, as for an address that rejects mail
     */
    record Confirmed(
            Registrant registrant,
            Event event,
            RegistrationStatus status,
            boolean member,
            Reminder reminder,
            boolean detailsNotSent) {}

    /** When the reminder of a place goes, as the page after confirming tells it. */
    enum Reminder {
        /** At 9am UK time the day before. */
        DAY_BEFORE,
        /** Its time has passed, so at the next look for reminders; or it is queued and has not gone yet. */
        SHORTLY,
        /** It has gone to the mail server already: the link pressed again after the reminder went. */
        SENT,
        /** It will never go: the dispatcher gave up on it, and the event has not changed since, to send it again. */
        NOT_SENT
    }

    /** The event is gone, cancelled or has started: there is nothing to register for. */
    static class EventClosed extends RuntimeException {
        EventClosed() {
            super("The event is not open to registration");
        }
    }

    /** Too many registrations from one address: answered 429 with how long to wait, saying nothing else. */
    static class TooManyRequests extends RuntimeException {
        private final RetryAfter retryAfter;

        TooManyRequests(RetryAfter retryAfter) {
            super("Too many registrations from this address");
            this.retryAfter = retryAfter;
        }

        /** How long before the address may register again. */
        RetryAfter retryAfter() {
            return retryAfter;
        }
    }

    /** Too many unknown links from one address: answered 429 with how long to wait. */
    static class LinksPaused extends RuntimeException {
        private final RetryAfter retryAfter;

        LinksPaused(RetryAfter retryAfter) {
            super("Too many unknown links from this address");
            this.retryAfter = retryAfter;
        }

        /** How long before the address may try an unknown link again. */
        RetryAfter retryAfter() {
            return retryAfter;
        }
    }

    private final Events events;
    private final Registrants registrants;
    private final RegistrationRules rules;
    private final Places places;
    private final RegistrantEmails emails;
    private final QueuedMessages queued;
    private final LinkThrottle throttle;
    private final MemberContacts members;
    private final Clock clock;

    Registering(
            Events events,
            Registrants registrants,
            RegistrationRules rules,
            Places places,
            RegistrantEmails emails,
            QueuedMessages queued,
            LinkThrottle throttle,
            MemberContacts members,
            Clock clock) {
        this.events = events;
        this.registrants = registrants;
        this.rules = rules;
        this.places = places;
        this.emails = emails;
        this.queued = queued;
        this.throttle = throttle;
        this.members = members;
        this.clock = clock;
    }

    /** Checks the form and emails the right message; the caller answers "check your email" whatever happens. */
    @Transactional
    public void register(long eventId, RegistrationDetails entered, String address) {
        Instant now = clock.instant();
        events.find(eventId).filter(e -> e.openAt(now)).orElseThrow(EventClosed::new);
        RegistrationDetails details = rules.check(entered);
        Optional<RetryAfter> refused = throttle.refusedRegistrationFor(address);
        if (refused.isPresent()) {
            throw new TooManyRequests(refused.get());
        }
        if (!throttle.mayEmail(details.email())) {
            return;
        }
        // Read again, held until this registration commits: a host cancelling or changing the event meanwhile waits,
        // then finds this registrant among those to tell; a cancellation that went first is seen here. The event
        // before its registrations, as the host takes them, so the two cannot deadlock.
        Event event = events.lockShared(eventId).filter(e -> e.openAt(now)).orElseThrow(EventClosed::new);
        Optional<Long> created = registrants.insertPending(eventId, details, now);
        Registrant registrant = created.flatMap(registrants::find)
                .or(() -> registrants.live(eventId, details.email()))
                .orElseThrow(() -> new IllegalStateException("A live registration vanished"));
        if (registrant.status() == RegistrationStatus.PENDING) {
            emails.confirmYourAddress(registrant, event);
        } else {
            emails.alreadyRegistered(registrant, event);
        }
    }

    /** What a confirmation link would confirm; never uses it up. */
    public Optional<Linked> pending(String token, String address) {
        return lookUp(token, address, registrants::pendingByConfirmHash);
    }

    /**
     * Uses the link up and gives a place, or a turn on the waiting list if the event is full. The link sent again
     * within {@link #PRESSED_AGAIN_WITHIN} of confirming (a double click) answers what it did, as the registration now
     * stands, and changes nothing; after that it is spent.
     */
    @Transactional
    public Optional<Confirmed> confirm(String token, String address) {
        Optional<Linked> linked = pending(token, address);
        if (linked.isEmpty()) {
            return confirmedBefore(token);
        }
        Instant now = clock.instant();
        Event event = events.lock(linked.get().event().id()).orElseThrow();
        if (!event.openAt(now)) {
            throw new EventClosed();
        }
        Registrant registrant = linked.get().registrant();
        if (!registrants.claimConfirmation(registrant.id(), SecretTokens.hash(token))) {
            // Sent twice at once (this one waited for the event's lock while the other confirmed), or the link was
            // replaced meanwhile by registering again, when it finds nothing.
            Optional<Confirmed> before = confirmedBefore(token);
            log.info(
                    "Registration {}: its confirmation link was sent twice at once or replaced meanwhile; the later"
                            + " press {}",
                    registrant.id(),
                    before.isPresent() ? "was answered with what the first did" : "found the link spent");
            return before;
        }
        RegistrationStatus status = places.place(event, registrant, now);
        return Optional.of(confirmed(registrant, event, status, now));
    }

    /**
     * What the link did when it was used, if that was within {@link #PRESSED_AGAIN_WITHIN} and its registration still
     * holds a place or a turn on the waiting list; once the event is cancelled or has started, that it is closed, as
     * the first use would have been told then.
     */
    private Optional<Confirmed> confirmedBefore(String token) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Registrant> placed =
                registrants.placedByConfirmHash(SecretTokens.hash(token), now.minus(PRESSED_AGAIN_WITHIN));
        if (placed.isEmpty()) {
            return Optional.empty();
        }
        Event event = events.find(placed.get().eventId())
                .filter(found -> found.openAt(now))
                .orElseThrow(EventClosed::new);
        return Optional.of(confirmed(placed.get(), event, placed.get().status(), now));
    }

    private Confirmed confirmed(Registrant registrant, Event event, RegistrationStatus status, Instant now) {
        Reminder reminder;
        if (!RegistrantEmails.reminderDue(event, now)) {
            reminder = Reminder.DAY_BEFORE;
        } else {
            // Pressed again, the link may find the reminder sent since the place was given; one queued but held back
            // (the mail server down) is still to come, and one never sent goes again only if the event changed as it
            // was being sent (DayBeforeReminders).
            reminder = registrants
                    .latestReminder(registrant.id())
                    .map(number -> queued.reminderSent(registrant.id(), number)
                            ? Reminder.SENT
                            : queued.reminderNeverSent(registrant.id(), number)
                                            && !registrants.reminderSuperseded(registrant.id())
                                    ? Reminder.NOT_SENT
                                    : Reminder.SHORTLY)
                    .orElse(Reminder.SHORTLY);
        }
        return new Confirmed(
                registrant,
                event,
                status,
                members.isMember(registrant.email()),
                reminder,
                queued.placeEmailNeverSent(registrant.id(), status));
    }

    /** What a cancel link would cancel; never uses it up. */
    public Optional<Linked> cancellable(String token, String address) {
        return lookUp(token, address, registrants::liveByCancelHash);
    }

    /**
     * Gives up the place (or the turn on the waiting list) while the event is still to come; a place freed goes to the
     * next person waiting.
     */
    @Transactional
    public Optional<Linked> cancel(String token, String address) {
        Optional<Linked> linked = cancellable(token, address);
        if (linked.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Event event = events.lock(linked.get().event().id()).orElseThrow();
        if (!event.openAt(now)) {
            // Once it has started, who came is the host's record: a place given up now would undo their attendance.
            throw new EventClosed();
        }
        // Read again under the lock: the place may have changed since the link was looked up.
        Optional<Registrant> current = registrants.liveByCancelHash(SecretTokens.hash(token));
        if (current.isEmpty()) {
            return Optional.empty();
        }
        registrants.cancel(current.get().id(), now);
        if (current.get().status() == RegistrationStatus.CONFIRMED) {
            places.fill(event, Places.Freed.CANCELLED, now);
        }
        emails.youCancelled(current.get(), event);
        return Optional.of(new Linked(current.get(), event));
    }

    private Optional<Linked> lookUp(
            String token, String address, java.util.function.Function<byte[], Optional<Registrant>> find) {
        boolean shaped = SecretTokens.looksValid(token);
        Optional<Registrant> registrant = throttle.find(
                address,
                () -> shaped ? find.apply(SecretTokens.hash(token)) : Optional.empty(),
                () -> shaped && registrants.linkMade(SecretTokens.hash(token)));
        return registrant.flatMap(found -> events.find(found.eventId()).map(event -> new Linked(found, event)));
    }
}
