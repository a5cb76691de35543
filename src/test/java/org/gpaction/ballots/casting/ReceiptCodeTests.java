package org.gpaction.ballots.casting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class ReceiptCodeTests {

    static final String SHOWN = "ABCD-EFGH-JK23";

    @Test
    void aCodeIsReadInAnyCaseWithOrWithoutDashesAndSpaces() {
        for (String typed : new String[] {
            "ABCD-EFGH-JK23",
            "abcd-efgh-jk23",
            "AbCd-eFgH-jK23",
            "abcdefghjk23",
            "abcd efgh jk23",
            "  abcd  efgh-jk 23 ",
            "a b c d e f g h j k 2 3",
            "ABCD\tEFGH\nJK23",
            "ABCD--EFGH--JK23",
            "-ABCDEFGHJK23-"
        }) {
            assertThat(ReceiptCode.asShown(typed)).as(typed).contains(SHOWN);
        }
    }

    @Test
    void dashesAndSpacesThatKeyboardsAndPhonesMakeAreSeparatorsToo() {
        assertThat(ReceiptCode.asShown("ABCD\u2013EFGH\u2014JK23"))
                .as("en and em dash")
                .contains(SHOWN);
        assertThat(ReceiptCode.asShown("ABCD\u2011EFGH\u2212JK23"))
                .as("non-breaking hyphen, minus")
                .contains(SHOWN);
        assertThat(ReceiptCode.asShown("ABCD\u00a0EFGH\u202fJK23"))
                .as("no-break spaces")
                .contains(SHOWN);
        assertThat(ReceiptCode.asShown("ABCD\u200bEFGH\u00adJK23"))
                .as("zero-width space, soft hyphen")
                .contains(SHOWN);
        assertThat(ReceiptCode.asShown("ＡＢＣＤ－ｅｆｇｈ－ＪＫ２３")).as("full-width").contains(SHOWN);
    }

    @Test
    void anythingElseIsNotACode() {
        for (String typed : new String[] {
            "",
            "   ",
            "----",
            "ABCD-EFGH-JK2",
            "ABCD-EFGH-JK234",
            "ABCD-EFGH-JK20",
            "ABCD-EFGH-JK21",
            "ABCD-EFGH-JKIO",
            "ABCD-EFGH-JK2_",
            "ABCD-EFGH-JK2.",
            "ABCD/EFGH/JK23",
            "ABCD'EFGH;JK23",
            "ABCD-EFGH-JK2' OR '1'='1",
            "ÀBCD-EFGH-JK23",
            "ABCD-EFGH-JK2ß",
            "ABCD-EFGH-JK2ı",
            "ABCD-EFGH-JK2\u0000",
            "ABCD-EFGH-JK23\ud83d\ude00",
            "%41BCD-EFGH-JK23",
            "<script>ABCD-EFGH-JK23",
            "A".repeat(100_000)
        }) {
            assertThat(ReceiptCode.asShown(typed))
                    .as(typed.length() > 40 ? "a very long string" : typed)
                    .isEmpty();
        }
        assertThat(ReceiptCode.asShown(null)).isEmpty();
    }

    @Test
    void aCodeTypedWithinTheLimitIsReadAndOneBeyondItIsNot() {
        String padded = " ".repeat(ReceiptCode.MAX_TYPED - 12) + "abcdefghjk23";
        assertThat(ReceiptCode.asShown(padded)).contains(SHOWN);
        assertThat(ReceiptCode.asShown(" " + padded)).isEmpty();
    }

    @RepeatedTest(20)
    void everyNewReceiptReadsBackAsItselfHoweverItIsTyped() {
        String receipt = Casting.newReceipt();
        assertThat(ReceiptCode.asShown(receipt)).contains(receipt);
        assertThat(ReceiptCode.asShown(receipt.toLowerCase().replace("-", " "))).contains(receipt);
        assertThat(ReceiptCode.asShown(receipt.replace("-", ""))).contains(receipt);
    }
}
