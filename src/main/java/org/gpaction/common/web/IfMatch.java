package org.gpaction.common.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;

/**
 * The one entity-tag an If-Match names, read by RFC 9110's syntax for the versions this application gives as ETags: a
 * strong tag holding a whole number as GET writes it. Entity-tags are compared character by character, so a tag GET
 * never gives (signed, padded with zeros or spaces, or weak) names no version and is refused, rather than read as the
 * nearest number and matched.
 */
public final class IfMatch {

    /** If-Match: * matches any version there is. */
    public static final long ANY = -1;

    /** At most 18 digits, so that every version named is a long. */
    private static final Pattern VERSION = Pattern.compile("\"(0|[1-9][0-9]{0,17})\"");

    /** The optional whitespace HTTP allows around a field's value: spaces and tabs only. */
    private static final Pattern AROUND = Pattern.compile("^[ \\t]+|[ \\t]+$");

    private IfMatch() {}

    /**
     * The version an If-Match names, {@link #ANY} for *, or null without one; anything else is refused naming If-Match
     * with the words given, which say which ETag to send.
     */
    public static Long version(String ifMatch, String refusal) {
        if (ifMatch == null) {
            return null;
        }
        String tag = AROUND.matcher(ifMatch).replaceAll("");
        if (tag.equals("*")) {
            return ANY;
        }
        Matcher version = VERSION.matcher(tag);
        if (version.matches()) {
            return Long.parseLong(version.group(1));
        }
        throw InvalidRequest.field(HttpHeaders.IF_MATCH, refusal);
    }
}
