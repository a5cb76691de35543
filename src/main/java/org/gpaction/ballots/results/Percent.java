package org.gpaction.ballots.results;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Shares as the results state them: to one decimal place, rounded half up; zero when the whole is zero. */
final class Percent {

    private Percent() {}

    static BigDecimal of(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    /**
     * A share as it stands beside a threshold: rounded half up when the threshold is reached, and down when it is not,
     * so that a share just short of it (49.95% of a 50% threshold) never reads as reaching it.
     */
    static BigDecimal besideThreshold(long part, long whole, boolean reached) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, reached ? RoundingMode.HALF_UP : RoundingMode.DOWN);
    }
}
