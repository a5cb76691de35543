package org.gpaction.ballots.trustees;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param every how often an instance that is not checking looks whether it can start: at least a second, as the
 *     scheduler refuses no time or less, and below a second it would look without pause
 * @param quietBelowPerSecond the votes a second below which an instance checks papers in the background: a number more
 *     than 0, as no instance ever takes fewer votes than none, so at 0 or less (or NaN) every paper would be left to the
 *     close, and every rate is below Infinity, so an instance would check even at its busiest
 */
@Validated
@ConfigurationProperties("gpaction.ballots.checking")
record CheckingProperties(
        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_BALLOTS_CHECKING_EVERY (gpaction.ballots.checking.every) must be at least a second,"
                        + " for example 5s")
        @DefaultValue("5s")
        Duration every,

        @DefaultValue("10") double quietBelowPerSecond) {

    @AssertTrue(
            message = "GPACTION_BALLOTS_CHECKING_QUIETBELOWPERSECOND (gpaction.ballots.checking.quiet-below-per-second)"
                    + " must be more than 0 votes a second, and a number (not Infinity), for example 10")
    boolean isQuietBelowPerSecondMoreThanNone() {
        return Double.isFinite(quietBelowPerSecond) && quietBelowPerSecond > 0;
    }
}
