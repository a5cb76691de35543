package org.gpaction.ballots.casting;

import java.text.Normalizer;
import java.util.Optional;

/**
 * A receipt code as the voter was shown it (three groups of four, joined by dashes), from however they type it:
 * any case, with or without the dashes, with spaces, a dash their keyboard or phone made typographic, or
 * full-width characters. Anything that is not then twelve characters of the receipt alphabet is not a code.
 */
final class ReceiptCode {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 12;

    /** Longer than any way of typing a code; anything longer is not read at all. */
    static final int MAX_TYPED = 64;

    private ReceiptCode() {}

    static Optional<String> asShown(String typed) {
        if (typed == null || typed.length() > MAX_TYPED) {
            return Optional.empty();
        }
        String folded = Normalizer.normalize(typed, Normalizer.Form.NFKC);
        StringBuilder code = new StringBuilder(LENGTH + 2);
        int kept = 0;
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (separator(c)) {
                continue;
            }
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (ALPHABET.indexOf(upper) < 0 || kept == LENGTH) {
                return Optional.empty();
            }
            if (kept > 0 && kept % 4 == 0) {
                code.append('-');
            }
            code.append(upper);
            kept++;
        }
        return kept == LENGTH ? Optional.of(code.toString()) : Optional.empty();
    }

    private static boolean separator(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || Character.getType(c) == Character.DASH_PUNCTUATION
                || Character.getType(c) == Character.FORMAT
                || c == '\u2212';
    }
}
