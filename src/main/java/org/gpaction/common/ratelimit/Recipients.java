package org.gpaction.common.ratelimit;

import java.util.HexFormat;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.SecretTokens;

/**
 * The subject under which emails to one email address are counted: a one-way fingerprint (SHA-256) of the mailbox the
 * address delivers to, as mail reads it and in lower case, so a limit per recipient holds however the address is typed
 * (a comment or a name around it, capitals, spaces) and keeps no address.
 */
public final class Recipients {

    private Recipients() {}

    public static String fingerprint(String email) {
        return HexFormat.of().formatHex(SecretTokens.hash(EmailAddresses.mailbox(email)));
    }
}
