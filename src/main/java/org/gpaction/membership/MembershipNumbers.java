package org.gpaction.membership;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A membership number is the same whatever the case of its letters: "m100" typed by a member is the "M100" the
 * membership system exported. Numbers are written in capitals wherever they come in (the membership file, a form,
 * a staff member's search), and the roll compares them in capitals. A number stored before this rule keeps its
 * spelling, as ballots' rolls and logs hold it, but is found in any case all the same.
 */
public final class MembershipNumbers {

    /** A membership number once written in capitals: up to 20 letters, digits or hyphens. */
    public static final Pattern FORM = Pattern.compile("^[A-Z0-9-]{1,20}$");

    private MembershipNumbers() {}

    /** The number as typed or imported, without spaces around it and in capitals; empty for none. */
    public static String normalise(String typed) {
        return typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
    }
}
