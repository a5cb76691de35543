package org.gpaction.events.registration;

import java.util.Optional;

/**
 * How an email to a registrant names, in its outbox reference, the registration it is for and which of the place's
 * numbered messages it is, written as it is queued ({@link RegistrantEmails}, {@link QueuedMessages}) and read as its
 * link is made ({@link EventLinks}).
 */
final class MessageReferences {

    /** How the reference of an email worded for someone waiting ends: its link is made only while they still are. */
    private static final String WORDED_FOR_WAITING = "/waiting";

    private MessageReferences() {}

    /**
     * The reference of an email with a cancel link, worded for this status: one worded for someone waiting is marked
     * so, and is withdrawn unsent once they have a place, as it would tell them they are still waiting after the email
     * of their place. One worded for a place needs no mark, as a place never turns back into a turn on the list.
     */
    static String wordedFor(String reference, RegistrationStatus status) {
        return status == RegistrationStatus.WAITING ? reference + WORDED_FOR_WAITING : reference;
    }

    /**
     * The reference of the notice of this number of a move to a place ({@code NumberedMessages.numberMoveNotices}):
     * the registration's id, a slash and the number. A notice queued before they were numbered has the id alone, and
     * is number 0.
     */
    static String moveNoticeReference(long registrationId, int notice) {
        return notice == 0 ? Long.toString(registrationId) : registrationId + "/" + notice;
    }

    /**
     * The reference of a place's reminder of this number ({@code NumberedMessages.markReminded}): the registration's
     * id, and from the second reminder on a slash and the number.
     */
    static String reminderReference(long registrationId, int reminder) {
        return reminder <= 1 ? Long.toString(registrationId) : registrationId + "/" + reminder;
    }

    /** A reference read: as made, without its mark ({@link #wordedFor}), and whether it was worded for someone waiting. */
    record Worded(String reference, boolean forWaiting) {
        static Worded of(String reference) {
            return reference.endsWith(WORDED_FOR_WAITING)
                    ? new Worded(reference.substring(0, reference.length() - WORDED_FOR_WAITING.length()), true)
                    : new Worded(reference, false);
        }
    }

    /** A place's numbered message: its registration and the message's number among the place's of its kind. */
    record Numbered(long registrationId, long number) {}

    /**
     * Reads a reference made by {@link #reminderReference} or {@link #moveNoticeReference}: the registration's id, then
     * a slash and the number, or the id alone for the number written so ({@code bare}). Empty when it is neither.
     */
    static Optional<Numbered> numbered(String reference, long bare) {
        int slash = reference.indexOf('/');
        if (slash < 0) {
            return id(reference).map(id -> new Numbered(id, bare));
        }
        return id(reference.substring(0, slash))
                .flatMap(id -> id(reference.substring(slash + 1)).map(number -> new Numbered(id, number)));
    }

    /** The registration's id a reference of the id alone names; empty when it is not one. */
    static Optional<Long> id(String reference) {
        try {
            return Optional.of(Long.parseLong(reference));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
