package org.gpaction.notifications.internal;

import java.util.Objects;
import java.util.regex.Pattern;
import org.gpaction.common.AddressesLeftOut;

final class Failures {

    private static final int MAX_LENGTH = 1000;

    private Failures() {}

    /** What went wrong, for the outbox (and, {@linkplain #withoutAddresses without addresses}, the log): the outermost message and, if different, the root cause. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        String text = root == e
                ? outer
                : outer + " (" + root.getClass().getSimpleName() + ": "
                        + Objects.requireNonNullElse(root.getMessage(), "no detail") + ")";
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
    }

    /**
     * A failure's description for the log, which must not hold whom the message was for (a voter, a member): the
     * recipient's address, and anything else shaped like an address, is left out. The outbox row, which only
     * administrators read, keeps the description whole and says whom it was for.
     */
    static String withoutAddresses(String description, String recipient) {
        String text = description;
        if (recipient != null && !recipient.isBlank()) {
            text = Pattern.compile(Pattern.quote(recipient.strip()), Pattern.CASE_INSENSITIVE)
                    .matcher(text)
                    .replaceAll("(the recipient)");
        }
        return AddressesLeftOut.text(text);
    }
}
