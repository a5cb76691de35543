package org.gpaction.ballots.casting;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.gpaction.ballots.crypto.Tracker;
import org.junit.jupiter.api.Test;

class ReceiptCodeTests {

    private static final byte[] TRACKER = new byte[32];

    static {
        new SecureRandom().nextBytes(TRACKER);
    }

    private static final String SHOWN = Tracker.grouped(TRACKER);

    @Test
    void aReceiptIsReadHoweverItIsTypedOrPasted() {
        for (String typed : new String[] {
            SHOWN,
            SHOWN.toLowerCase(),
            SHOWN.replace("-", ""),
            SHOWN.replace("-", " "),
            " " + SHOWN + "\n",
            SHOWN.replace("-", "\u2013"),
            SHOWN.replace("-", "\u00a0"),
            SHOWN.replace("-", "\u200b"),
            Tracker.hex(TRACKER),
            Tracker.hex(TRACKER).toUpperCase()
        }) {
            assertThat(ReceiptCode.tracker(typed))
                    .as(typed)
                    .hasValueSatisfying(t -> assertThat(t).isEqualTo(TRACKER));
        }
    }

    @Test
    void aZeroOneOrEightTypedForTheLetterOIOrBIsReadAsThatLetter_asAReceiptHasNoSuchDigits() {
        String shown = "OIB" + SHOWN.substring(3);
        byte[] tracker = Tracker.parse(shown);
        assertThat(Tracker.grouped(tracker)).isEqualTo(shown);

        for (String typed : new String[] {
            "01" + "8" + shown.substring(3),
            ("01" + "8" + shown.substring(3)).toLowerCase(),
            ("01" + "8" + shown.substring(3)).replace("-", " "),
            shown.replace('O', '0').replace('I', '1').replace('B', '8')
        }) {
            assertThat(ReceiptCode.tracker(typed))
                    .as(typed)
                    .hasValueSatisfying(t -> assertThat(t).isEqualTo(tracker));
        }
    }

    @Test
    void fullWidthCharactersFoldToTheirPlainForms() {
        StringBuilder fullWidth = new StringBuilder();
        for (char c : SHOWN.toCharArray()) {
            fullWidth.append(c == '-' ? '\uff0d' : (char) (c - 0x21 + 0xff01));
        }
        assertThat(ReceiptCode.tracker(fullWidth.toString()))
                .hasValueSatisfying(t -> assertThat(t).isEqualTo(TRACKER));
    }

    @Test
    void whatIsNotAWholeTrackerIsNotAReceipt() {
        for (String typed : new String[] {
            "",
            "ABCD-EFGH-JKLM",
            SHOWN.substring(0, SHOWN.length() - 1),
            SHOWN + "A",
            SHOWN.replace('A', '9'),
            Tracker.hex(TRACKER).substring(1),
            "select * from ballots.ballot_paper"
        }) {
            if (typed.equals(SHOWN.replace('A', '9')) && !SHOWN.contains("A")) {
                continue;
            }
            assertThat(ReceiptCode.tracker(typed)).as(typed).isEmpty();
        }
        assertThat(ReceiptCode.tracker(null)).isEmpty();
    }

    @Test
    void somethingFarLongerThanAnyWayOfTypingAReceiptIsNotRead() {
        String padded = " ".repeat(ReceiptCode.MAX_TYPED - SHOWN.length()) + SHOWN;
        assertThat(ReceiptCode.tracker(padded)).isPresent();
        assertThat(ReceiptCode.tracker(" " + padded)).isEmpty();
    }
}
