package org.gpaction.notifications;

/**
 * A message to one person. The body is plain text; links in it are absolute.
 *
 * @param category what kind of message this is (e.g. "joining-confirmation"), for the sent mail list; never
 *     the secret a message may carry
 */
public record Email(String to, String subject, String body, String category) {

    /** Stands in the body for a link made at sending time by the category's {@link SecretLinks}. */
    public static final String SECRET_LINK = "{{secret-link}}";

    @Override
    public String toString() {
        return "Email[to=" + to + ", category=" + category + "]";
    }
}
