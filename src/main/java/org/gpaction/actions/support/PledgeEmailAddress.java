package org.gpaction.actions.support;

import java.util.Locale;
import java.util.Optional;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.TypedText;

/** The email address a pledge or a withdrawal names, as its form gives it, and what is wrong with it if anything. */
final class PledgeEmailAddress {

    private PledgeEmailAddress() {}

    /** Trimmed and in lower case; a control character in it stays, for {@link #problem} to refuse. */
    static String cleaned(String entered) {
        return Pledges.clean(entered).toLowerCase(Locale.ROOT);
    }

    /** What to tell the person about a cleaned address: {@code whenEmpty} for none, or that it is malformed. */
    static Optional<String> problem(String cleaned, String whenEmpty) {
        if (TypedText.hasControlCharacters(cleaned)) {
            return Optional.of("Your email address must not contain control characters");
        }
        if (cleaned.isEmpty()) {
            return Optional.of(whenEmpty);
        }
        if (!EmailAddresses.isSendable(cleaned)) {
            return Optional.of("Enter an email address in the correct format, like name@example.com");
        }
        return Optional.empty();
    }
}
