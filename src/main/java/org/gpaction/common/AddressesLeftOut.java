package org.gpaction.common;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An exception as the log holds it: its class, message and stack trace, and its causes' and suppressed exceptions',
 * with anything shaped like an email address left out of every message. A mail server's refusal quotes the recipient,
 * PostgreSQL's refusal of a value it cannot read quotes the value (its detail, which quotes a row or key refused, is
 * not asked for: see application.properties), and the log must not say whom anything was about; what staff read (an
 * outbox message's last error) keeps the whole text.
 */
public final class AddressesLeftOut extends RuntimeException {

    /** Anything shaped like an address: a mail server's refusal usually quotes the recipient, sometimes others too. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>()\\[\\]\"'`,;:]+@[^\\s<>()\\[\\]\"'`,;:]+");

    private AddressesLeftOut(Throwable original, Set<Throwable> copied) {
        // The original's class and message as a Throwable prints them, and the log prints this one's class before it.
        super(text(original.toString()), copyOf(original.getCause(), copied));
        setStackTrace(original.getStackTrace());
        for (Throwable suppressed : original.getSuppressed()) {
            AddressesLeftOut copy = copyOf(suppressed, copied);
            if (copy != null) {
                addSuppressed(copy);
            }
        }
    }

    /** The exception, its causes and those it suppressed, as the log may hold them. */
    public static AddressesLeftOut of(Throwable e) {
        return copyOf(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** Whether the exception, a cause of it or one it suppressed says anything shaped like an address. */
    public static boolean quoteAny(Throwable e) {
        return quoteAny(e, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static boolean quoteAny(Throwable e, Set<Throwable> seen) {
        if (e == null || !seen.add(e)) {
            return false;
        }
        if (e.getMessage() != null && ADDRESS.matcher(e.getMessage()).find()) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (quoteAny(suppressed, seen)) {
                return true;
            }
        }
        return quoteAny(e.getCause(), seen);
    }

    /** The text with everything shaped like an address in it replaced by "(an address)". */
    public static String text(String text) {
        return text == null ? null : ADDRESS.matcher(text).replaceAll("(an address)");
    }

    private static AddressesLeftOut copyOf(Throwable e, Set<Throwable> copied) {
        // A cause or suppressed exception met again (a chain that loops) is left out the second time.
        return e == null || !copied.add(e) ? null : new AddressesLeftOut(e, copied);
    }
}
