package org.gpaction.notifications;

/**
 * A message to one person. The body is plain text; links in it are absolute.
 *
 * @param category what kind of message this is (e.g. "joining-confirmation"), for the sent mail list; never
 *     the secret a message may carry
 * @param sender who the message is from; null for the application's configured sender
 * @param about what the message belongs to, in the sending module's own words (e.g. "ballot:12"), so the module can
 *     count its own messages later; null when nothing asks
 */
public record Email(String to, String subject, String body, String category, Sender sender, String about) {

    public Email(String to, String subject, String body, String category) {
        this(to, subject, body, category, null, null);
    }

    /** The same message, from this sender. */
    public Email from(Sender sender) {
        return new Email(to, subject, body, category, sender, about);
    }

    /** The same message, marked as belonging to what {@code about} names. */
    public Email about(String about) {
        return new Email(to, subject, body, category, sender, about);
    }

    /** Stands in the body for a link made at sending time by the category's {@link SecretLinks}. */
    public static final String SECRET_LINK = "{{secret-link}}";

    @Override
    public String toString() {
        return "Email[to=" + to + ", category=" + category + "]";
    }
}
