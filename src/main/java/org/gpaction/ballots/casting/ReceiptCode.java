package org.gpaction.ballots.casting;

import java.text.Normalizer;
import java.util.Optional;
import org.gpaction.ballots.crypto.CryptoFormatException;
import org.gpaction.ballots.crypto.Tracker;

/**
 * A receipt, the tracker of the voter's encrypted paper, from however they type or paste it: the 52 letters and
 * digits in groups of four as they were shown it, or the 64 hexadecimal digits the ballot record lists; any case,
 * with or without the dashes, with spaces or line breaks, a dash their keyboard or phone made typographic, or
 * full-width characters. The 52 are base32, which has no 0, 1 or 8, so one of those typed there is the letter it looks
 * like: O, I or B. Anything that is not then a whole tracker is not a receipt.
 */
final class ReceiptCode {

    /** Longer than any way of typing a tracker; anything longer is not read at all. */
    static final int MAX_TYPED = 200;

    /** The receipt as the voter was shown it, without its dashes; the record's hexadecimal form is 64 long. */
    private static final int BASE32_LENGTH = 52;

    private ReceiptCode() {}

    static Optional<byte[]> tracker(String typed) {
        if (typed == null || typed.length() > MAX_TYPED) {
            return Optional.empty();
        }
        String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder kept = new StringBuilder(64);
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (!separator(c)) {
                kept.append(c);
            }
        }
        String code = kept.length() == BASE32_LENGTH ? lookAlikesAsLetters(kept.toString()) : kept.toString();
        try {
            return Optional.of(Tracker.parse(code));
        } catch (CryptoFormatException e) {
            return Optional.empty();
        }
    }

    private static String lookAlikesAsLetters(String base32) {
        return base32.replace('0', 'O').replace('1', 'I').replace('8', 'B');
    }

    private static boolean separator(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || Character.getType(c) == Character.DASH_PUNCTUATION
                || Character.getType(c) == Character.FORMAT
                || c == '\u2212';
    }
}
