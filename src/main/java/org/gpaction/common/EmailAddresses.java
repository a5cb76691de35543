package org.gpaction.common;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;

/**
 * Whether an email address typed into the product can be sent to, judged by the mail library that will send to it:
 * an address it refuses (a domain ending in a full stop, two dots together) would be accepted here and then fail for
 * good with every email queued for it.
 */
public final class EmailAddresses {

    public static final int MAX_LENGTH = 254;

    private EmailAddresses() {}

    /**
     * One plain address, as mail sends to it: the library reads it back as exactly that text, with no name, comment or
     * angle brackets (which would let one mailbox be written many ways), no quotes or backslashes, no space or control
     * character, one {@code @}, and a dot in the domain.
     */
    public static boolean isSendable(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)
                    || c == '"'
                    || c == '\\') {
                return false;
            }
        }
        int at = address.indexOf('@');
        if (at < 1 || at != address.lastIndexOf('@') || address.indexOf('.', at) < 0) {
            return false;
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (parsed.getPersonal() != null || !address.equals(parsed.getAddress())) {
                return false;
            }
            parsed.validate();
            return true;
        } catch (AddressException e) {
            return false;
        }
    }

    /**
     * The mailbox an address delivers to, in lower case, as mail reads it: {@code Bob <bob@x.com>} and
     * {@code bob@x.com(1)} are both {@code bob@x.com}. Text that is no address is only trimmed and lower-cased.
     */
    public static String mailbox(String address) {
        String trimmed = address.strip();
        try {
            String parsed = new InternetAddress(trimmed, false).getAddress();
            return (parsed == null || parsed.isEmpty() ? trimmed : parsed).toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            return trimmed.toLowerCase(Locale.ROOT);
        }
    }
}
