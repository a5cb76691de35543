package org.gpaction.notifications;

/**
 * Says, for one category of email sent with a reference and no link ({@link Outbox#sendWithReference}), whether a
 * message is still wanted at the moment it is sent, inside the sending transaction; one no longer wanted is withdrawn
 * unsent. The categories whose messages carry a link are served by their {@link SecretLinks}, which says so by making
 * none.
 */
public interface StillWanted {

    /** The {@link Email#category()} this serves. */
    String category();

    /** Whether the message sent with this reference is still wanted as written. */
    boolean stillWanted(String reference);
}
