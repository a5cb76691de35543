package org.gpaction.ballots.crypto;

import java.util.List;

/**
 * The encrypted totals: per option the sum of the counted ballots' ciphertexts; how many ballots were counted;
 * and the spoilt ballots (proofs failing, malformed or a copy of an earlier ballot), which are not in the sums.
 * {@code proofsChecked} is how many ballots' proofs this count checked itself rather than took from a check before,
 * so that a verifier can show it checked every one; it is not part of the record, and a tally read from one says 0.
 */
public record EncryptedTally(List<Ciphertext> totals, long counted, List<Spoilt> spoilt, long proofsChecked) {

    public EncryptedTally {
        totals = totals.stream().map(Ciphertext::normalize).toList();
        spoilt = List.copyOf(spoilt);
    }

    public EncryptedTally(List<Ciphertext> totals, long counted, List<Spoilt> spoilt) {
        this(totals, counted, spoilt, 0);
    }

    /** A spoilt ballot: its position in the stream (from 1), its tracker in hex (empty if unreadable), why. */
    public record Spoilt(long position, String tracker, String reason) {

        /** The kind of reason, for a summary: not a ballot paper at all, a copy, another number of options, or proofs. */
        public String kind() {
            if (reason.startsWith(Tally.MALFORMED)) {
                return "not a ballot paper at all";
            }
            if (reason.equals(Tally.COPY)) {
                return "a copy of an earlier paper";
            }
            if (reason.startsWith(Tally.WRONG_OPTIONS)) {
                return "with the wrong number of options";
            }
            return "whose proofs fail";
        }
    }
}
