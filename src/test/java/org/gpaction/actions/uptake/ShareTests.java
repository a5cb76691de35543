package org.gpaction.actions.uptake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShareTests {

    @Test
    void aFewPracticesOutOfThousandsAreUnderATenthOfAPerCentNotNone() {
        assertThat(share(1, 6651)).isEqualTo("under 0.1%");
        assertThat(share(6, 6651)).isEqualTo("0.1%");
    }

    @Test
    void noPracticesAreNoneAndOthersAreToOneDecimalPlace() {
        assertThat(share(0, 6651)).isEqualTo("0.0%");
        assertThat(share(1, 4)).isEqualTo("25.0%");
        assertThat(share(0, 0)).isEqualTo("0.0%");
    }

    @Test
    void aShareThatRoundsUpToEveryPracticeWhileSomeAreNotTakingItIsOver99Point9NotAll() {
        assertThat(share(6648, 6651)).isEqualTo("over 99.9%");
        assertThat(share(6647, 6651)).isEqualTo("99.9%");
        assertThat(share(6651, 6651)).isEqualTo("100.0%");
        assertThat(share(1, 1)).isEqualTo("100.0%");
    }

    static String share(int taking, int practices) {
        return new Uptake.ActionUptake(1, "Action", taking, practices).share();
    }
}
