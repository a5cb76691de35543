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
}
