package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The set-ups parsed and kept for the next request are bounded by their length, not only by how many there are. */
class SetupJsonCacheTests {

    static final int MOST_CHARACTERS = 1_000_000;

    @Test
    void manyLongSetUpsKeepNoMoreTextThanTheBound_whileOneReadAgainIsNotParsedAgain() {
        SetupJson.Parsed parsed = new SetupJson.Parsed(20_000, MOST_CHARACTERS);
        for (int i = 0; i < 200; i++) {
            String text = "[" + i + "]" + " ".repeat(50_000);
            parsed.get(text, Function.identity());
            assertThat(parsed.characters()).as("after set-up " + i).isLessThanOrEqualTo(MOST_CHARACTERS);
        }
        String kept = "[\"kept\"]";
        Object first = parsed.get(kept, t -> new Object());
        Object again = parsed.get(kept, t -> new Object());
        assertThat(again).isSameAs(first);
    }

    @Test
    void aTextLongerThanTheWholeBoundIsParsedButNotKept() {
        SetupJson.Parsed parsed = new SetupJson.Parsed(20_000, MOST_CHARACTERS);
        String huge = " ".repeat(MOST_CHARACTERS + 1);
        assertThat((String) parsed.get(huge, Function.identity())).isSameAs(huge);
        assertThat(parsed.characters()).isZero();
    }
}
