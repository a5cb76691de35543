package org.gpaction.ballots.replacement;

/** A field as a person sent it, to the replacement forms or in a scrutineer's decision, without spaces around it. */
final class Stripped {

    private Stripped() {}

    /** The value without the spaces around it, or empty when none was sent. */
    static String of(String value) {
        return value == null ? "" : value.strip();
    }
}
