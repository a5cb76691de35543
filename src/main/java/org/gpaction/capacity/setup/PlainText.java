package org.gpaction.capacity.setup;

/**
 * Whether text a person typed can be stored as it is: PostgreSQL refuses a NUL in text and in JSON, so a control
 * character left in would be a server error, and none of safe working's fields needs one. A comment may run over
 * several lines; a name, an address or a reason is one line.
 */
public final class PlainText {

    private PlainText() {}

    /** Text without tabs, line breaks or other control characters. */
    public static boolean isOneLine(String text) {
        return text.chars().noneMatch(Character::isISOControl);
    }

    /** Text whose only control characters are line breaks and tabs. */
    public static boolean isLines(String text) {
        return text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
    }
}
