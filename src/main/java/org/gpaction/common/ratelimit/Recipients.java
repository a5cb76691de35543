package org.gpaction.common.ratelimit;

import org.gpaction.common.EmailAddresses;
import org.gpaction.common.KeyedHashes;
import org.springframework.stereotype.Component;

/**
 * The subject under which emails to one email address are counted: a {@linkplain KeyedHashes keyed hash} of the
 * mailbox the address delivers to, as mail reads it and in lower case, so a limit per recipient holds however the
 * address is typed (a comment or a name around it, capitals, spaces), on whichever instance sharing the database
 * sends, and keeps no address, nor a plain hash against which a copy of the database could test guessed addresses.
 */
@Component
public class Recipients {

    // Counts kept under the plain SHA-256 used before just stop matching: they are counts over a short window, each
    // deleted a day after its attempt, so at most one window's emails more can go to an address across the upgrade.
    private static final String PURPOSE = "GP Action emails to one address";

    private final KeyedHashes hashes;

    public Recipients(KeyedHashes hashes) {
        this.hashes = hashes;
    }

    public String fingerprint(String email) {
        return hashes.of(PURPOSE, EmailAddresses.mailbox(email));
    }
}
