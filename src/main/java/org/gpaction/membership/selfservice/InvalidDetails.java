package org.gpaction.membership.selfservice;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;

/** Details a person entered that need fixing: field name to what to fix. */
class InvalidDetails extends RuntimeException {

    private final Map<String, String> problems;

    InvalidDetails(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = new LinkedHashMap<>(problems);
    }

    Map<String, String> problems() {
        return problems;
    }

    /** The email address typed in the field {@code email}, cleaned, or what to fix in it. */
    static String emailAddress(String typed) {
        if (TypedText.hasControlCharacters(typed)) {
            throw new InvalidDetails(Map.of("email", controlCharacters("Email address")));
        }
        String email = JoinDetailsCheck.clean(typed).toLowerCase(Locale.ROOT);
        if (!EmailAddresses.isSendable(email)) {
            throw new InvalidDetails(
                    Map.of("email", "Enter an email address in the correct format, like name@example.com"));
        }
        return email;
    }

    /**
     * Every field on the members' pages is of one line, and {@link JoinDetailsCheck#clean} would drop a control
     * character and keep the rest: the member is asked to fix it instead.
     */
    static String controlCharacters(String label) {
        return label + " must not contain control characters, such as tabs or line breaks";
    }
}
