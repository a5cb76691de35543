package org.gpaction.ballots.replacement;

import org.gpaction.common.KeyedHashes;
import org.springframework.stereotype.Component;

/**
 * What the repeat check keeps of the details a replacement request gave: their {@linkplain KeyedHashes keyed hash}, so
 * that every instance sharing the database finds a repeat sent to another, while a copy of the database cannot be used
 * to test guesses of a member's details (membership numbers run in sequence and GMC numbers are seven digits).
 */
@Component
class AskedDetails {

    private static final String PURPOSE = "GP Action replacement request repeat check";

    private final KeyedHashes hashes;

    AskedDetails(KeyedHashes hashes) {
        this.hashes = hashes;
    }

    String of(String membershipNumber, String gmcNumber, String email) {
        return hashes.of(PURPOSE, membershipNumber + "\n" + gmcNumber + "\n" + email);
    }
}
