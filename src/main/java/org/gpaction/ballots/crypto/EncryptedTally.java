package org.gpaction.ballots.crypto;

import java.util.List;

/**
 * The encrypted totals: per option the sum of the counted ballots' ciphertexts; how many ballots were counted;
 * and the spoilt ballots (proofs failing, malformed or a copy of an earlier ballot), which are not in the sums.
 */
public record EncryptedTally(List<Ciphertext> totals, long counted, List<Spoilt> spoilt) {

    public EncryptedTally {
        totals = totals.stream().map(Ciphertext::normalize).toList();
        spoilt = List.copyOf(spoilt);
    }

    /** A spoilt ballot: its position in the stream (from 1), its tracker in hex (empty if unreadable), why. */
    public record Spoilt(long position, String tracker, String reason) {}
}
