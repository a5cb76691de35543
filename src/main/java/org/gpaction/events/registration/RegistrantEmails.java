package org.gpaction.events.registration;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.UkTime;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.springframework.stereotype.Component;

/**
 * Every email a registrant gets. Each one about a place carries a cancel link of its own; a webinar's joining link
 * goes only to those with a confirmed place: in the reminder the day before, and again if it changes after that.
 */
@Component
class RegistrantEmails {

    private static final String CANCEL_LINE =
            "If you cannot come, cancel your place here, so that someone on the waiting list can have it:\n"
                    + Email.SECRET_LINK + "\n";

    /** Someone waiting has no place to give the next person: the same link takes them off the list. */
    private static final String LEAVE_LINE =
            "If you no longer want a place, leave the waiting list here:\n" + Email.SECRET_LINK + "\n";

    private static final DateTimeFormatter ON_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK);

    private final Outbox outbox;
    private final MemberContacts members;
    private final GpActionProperties app;

    RegistrantEmails(Outbox outbox, MemberContacts members, GpActionProperties app) {
        this.outbox = outbox;
        this.members = members;
        this.app = app;
    }

    void confirmYourAddress(Registrant registrant, Event event) {
        outbox.sendWithSecretLink(
                new Email(
                        registrant.email(),
                        "Confirm your place: " + event.title(),
                        "Dear " + registrant.name() + ",\n\n"
                                + "Someone, probably you, asked for a place at:\n\n" + summary(event) + "\n"
                                + "To confirm your email address and take a place (or a place on the waiting list if "
                                + "it is full), open this link:\n\n" + Email.SECRET_LINK + "\n\n"
                                + "The link works once. If you did not ask for a place, ignore this email: nothing "
                                + "happens unless the link is used.",
                        EventLinks.CONFIRMATION),
                Long.toString(registrant.id()));
    }

    void placed(Registrant registrant, Event event, RegistrationStatus status, Instant now) {
        String opening = status == RegistrationStatus.CONFIRMED
                ? "Your place is confirmed at:\n\n"
                : "The event is full, so you are on the waiting list for:\n\n";
        String next = status == RegistrationStatus.CONFIRMED
                ? reminderNote(event, now)
                : "If a place comes up, it is given to the next person on the list and we email you at once.\n\n";
        withCancelLink(
                registrant,
                status,
                status == RegistrationStatus.CONFIRMED
                        ? "Place confirmed: " + event.title()
                        : "On the waiting list: " + event.title(),
                opening + summary(event) + "\n" + next + joinOffer(registrant));
    }

    void promoted(Registrant registrant, Event event, Places.Freed why, Instant now) {
        withCancelLink(
                registrant,
                RegistrationStatus.CONFIRMED,
                "A place has come up: " + event.title(),
                why.words + ", so you now have a confirmed place at:\n\n" + summary(event) + "\n"
                        + reminderNote(event, now));
    }

    void alreadyRegistered(Registrant registrant, Event event) {
        withCancelLink(
                registrant,
                registrant.status(),
                "You are already registered: " + event.title(),
                "Someone, probably you, asked again for a place at:\n\n" + summary(event) + "\n"
                        + "You are already registered: "
                        + registrant.status().label().toLowerCase(Locale.ROOT) + ". Nothing "
                        + "has changed.\n\n");
    }

    /**
     * The reminder of this number ({@link NumberedMessages#markReminded}) to the registrant. Its subject names the
     * event's day (UK time), never tomorrow or today: it goes when the mail is sent, which may be the next day (queued
     * just before midnight, or held overnight while no instance sends mail).
     */
    void reminder(Registrant registrant, Event event, int number) {
        String how = event.kind() == EventKind.WEBINAR
                ? joiningLink(event)
                : "The venue is " + event.venue() + ", " + event.address().replace("\n", ", ") + ".\n\n";
        withCancelLink(
                registrant,
                RegistrationStatus.CONFIRMED,
                // Notifications migration V9 relies on no event-cancel-link subject ever starting "Reminder: ".
                "Reminder: " + event.title() + " is on "
                        + ON_DAY.format(event.startsAt().atZone(UkTime.ZONE)),
                "This is a reminder of the event you have a place at:\n\n" + summary(event) + "\n" + how,
                EventLinks.REMINDER,
                MessageReferences.reminderReference(registrant.id(), number));
    }

    /**
     * The notice of a new time or place, with the new details; with the webinar's joining link for someone whose
     * reminder has gone and will not go again, whether or not the link changed: an unsent notice this one replaces
     * may have been the only email with it. It is the notice of this number
     * ({@link NumberedMessages#numberMoveNotices}), to someone not yet confirmed as to someone with a place or waiting
     * for one.
     */
    void moved(Registrant registrant, Event event, boolean withJoiningLink, int notice) {
        String body = "The details of an event you registered for have changed. It is now:\n\n" + summary(event) + "\n"
                + (withJoiningLink ? joiningLink(event) : "");
        if (registrant.status() == RegistrationStatus.PENDING) {
            outbox.sendWithReference(
                    new Email(
                            registrant.email(),
                            "Changed: " + event.title(),
                            "Dear " + registrant.name() + ",\n\n" + body
                                    + "Your place is not confirmed yet: use the link in the earlier email to confirm"
                                    + " it.",
                            EventLinks.CHANGED),
                    MessageReferences.moveNoticeReference(registrant.id(), notice));
            return;
        }
        withCancelLink(
                registrant,
                registrant.status(),
                // Notifications migration V12 relies on no event-cancel-link subject ever starting "Changed: ".
                "Changed: " + event.title(),
                body,
                EventLinks.MOVE_NOTICE,
                MessageReferences.moveNoticeReference(registrant.id(), notice));
    }

    /**
     * The webinar's new joining link, with its details, to someone already reminded: numbered as the notice of a move
     * ({@link NumberedMessages#numberMoveNotices(java.util.Collection)}), so that it replaces one still unsent, with the
     * old link, and the next move withdraws it unsent in turn. When it replaces one, it says the webinar has changed, as
     * the notice it replaces did.
     */
    void newJoiningLink(Registrant registrant, Event event, int notice, boolean replacesNoticeOfAChange) {
        // One that replaces a notice still unsent, of a new time or place, must say the details changed too.
        withCancelLink(
                registrant,
                RegistrationStatus.CONFIRMED,
                // Notifications migration V13 relies on no event-cancel-link subject starting "New joining link: ".
                (replacesNoticeOfAChange ? "Changed: " : "New joining link: ") + event.title(),
                (replacesNoticeOfAChange
                                ? "This webinar has changed since your reminder, and so has its joining link: check"
                                        + " its details below."
                                : "The joining link for this webinar has changed since your reminder.")
                        + " Join with this link instead (it is for you only: please do not share it):\n"
                        + event.joiningLink() + "\n\n" + summary(event),
                EventLinks.MOVE_NOTICE,
                MessageReferences.moveNoticeReference(registrant.id(), notice));
    }

    void eventCancelled(Registrant registrant, Event event) {
        outbox.send(new Email(
                registrant.email(),
                "Cancelled: " + event.title(),
                "Dear " + registrant.name() + ",\n\n"
                        + "We are sorry: this event has been cancelled by its hosts.\n\n" + summary(event) + "\n"
                        + "See other events at " + app.link("/events"),
                "event-cancelled"));
    }

    void youCancelled(Registrant registrant, Event event) {
        outbox.send(new Email(
                registrant.email(),
                "Registration cancelled: " + event.title(),
                "Dear " + registrant.name() + ",\n\n"
                        + "Your registration for this event is cancelled:\n\n" + summary(event) + "\n"
                        + "You can register again at " + app.link("/events/" + event.id())
                        + " while places remain.",
                "event-registration-cancelled"));
    }

    /**
     * The hosts cancelled a place or a turn on the waiting list; a registration never confirmed is removed without an
     * email ({@link Registrations}).
     */
    void hostCancelled(Registrant registrant, Event event) {
        String what =
                registrant.status() == RegistrationStatus.WAITING ? "your place on the waiting list" : "your place";
        outbox.send(new Email(
                registrant.email(),
                "Your registration was cancelled by the hosts: " + event.title(),
                "Dear " + registrant.name() + ",\n\n"
                        + "The hosts of this event have cancelled " + what + " at:\n\n" + summary(event) + "\n"
                        + "If you did not ask for this and still want to come, register again at "
                        + app.link("/events/" + event.id()) + " while places remain.",
                "event-registration-cancelled-by-host"));
    }

    private void withCancelLink(Registrant registrant, RegistrationStatus status, String subject, String text) {
        withCancelLink(registrant, status, subject, text, EventLinks.CANCELLATION, Long.toString(registrant.id()));
    }

    /**
     * An email with the registrant's cancel link, worded for {@code status}, the place the email tells of: the
     * registrant as read may be from before it (placed from the waiting list, or given their first place). One worded
     * for someone waiting is withdrawn unsent if they have a place by the time it goes ({@link MessageReferences#wordedFor}).
     */
    private void withCancelLink(
            Registrant registrant,
            RegistrationStatus status,
            String subject,
            String text,
            String category,
            String reference) {
        String cancelLine = status == RegistrationStatus.WAITING ? LEAVE_LINE : CANCEL_LINE;
        outbox.sendWithSecretLink(
                new Email(
                        registrant.email(),
                        subject,
                        "Dear " + registrant.name() + ",\n\n" + text + cancelLine + "\n" + "Add it to your calendar: "
                                + app.link("/events/" + registrant.eventId() + "/event.ics"),
                        category),
                MessageReferences.wordedFor(reference, status));
    }

    private static String joiningLink(Event event) {
        return "Join the webinar with this link (it is for you only: please do not share it):\n" + event.joiningLink()
                + "\n\n";
    }

    private String summary(Event event) {
        return event.title() + "\n" + event.kind().label() + " hosted by " + event.host() + "\n" + event.when() + "\n"
                + event.where().replace("\n", ", ") + "\n" + app.link("/events/" + event.id()) + "\n";
    }

    /** A place given once the reminder's time has come is reminded by the next run of {@code DayBeforeReminders}. */
    private static String reminderNote(Event event, Instant now) {
        if (reminderDue(event, now)) {
            return event.kind() == EventKind.WEBINAR
                    ? "The joining link comes in a separate email shortly.\n\n"
                    : "A reminder comes in a separate email shortly.\n\n";
        }
        return event.kind() == EventKind.WEBINAR
                ? "The joining link comes in a reminder the day before.\n\n"
                : "We will send a reminder the day before.\n\n";
    }

    static boolean reminderDue(Event event, Instant now) {
        return !now.isBefore(event.remindAt());
    }

    private String joinOffer(Registrant registrant) {
        return members.isMember(registrant.email())
                ? ""
                : "Not a member of the union yet? Join with a free three-month trial: " + app.link("/join") + "\n\n";
    }
}
