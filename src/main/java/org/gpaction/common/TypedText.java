package org.gpaction.common;

/**
 * Text a person typed into a form or an API. No title, name, label, address or reason holds a control character, and
 * PostgreSQL refuses a NUL in text and in JSON outright (a server error, had it got that far), so one is a problem
 * named with its field rather than something to store.
 */
public final class TypedText {

    private TypedText() {}

    /** For a value of one line: a title, a name, an address, an option's label. */
    public static boolean hasControlCharacters(String value) {
        return value != null && value.chars().anyMatch(Character::isISOControl);
    }

    /**
     * For text typed in a box of several lines that keeps its line breaks (a browser sends each as CR LF) and nothing
     * else: a tab or a carriage return alone is refused as well, rather than dropped.
     */
    public static boolean hasTabsOrControlCharactersBesideLineBreaks(String value) {
        return value != null
                && value.replace("\r\n", "\n").chars().anyMatch(c -> Character.isISOControl(c) && c != '\n');
    }

    /** For text typed in a box of several lines, which may break lines and hold tabs. */
    public static boolean hasControlCharactersBesideLineBreaks(String value) {
        return value != null
                && value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }
}
