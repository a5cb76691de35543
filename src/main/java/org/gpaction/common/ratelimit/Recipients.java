package org.gpaction.common.ratelimit;

import java.util.HexFormat;
import java.util.Locale;
import org.gpaction.common.SecretTokens;

/**
 * The subject under which emails to one email address are counted: a one-way fingerprint (SHA-256) of the address as
 * mail servers compare it, so a limit per recipient holds however the address is typed and keeps no address.
 */
public final class Recipients {

    private Recipients() {}

    public static String fingerprint(String email) {
        return HexFormat.of().formatHex(SecretTokens.hash(email.strip().toLowerCase(Locale.ROOT)));
    }
}
