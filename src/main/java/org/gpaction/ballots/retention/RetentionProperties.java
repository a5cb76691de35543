package org.gpaction.ballots.retention;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param keepVoterRecordsFor how long after a ballot's result is published its records about voters are kept: the
 *     roll, the links sent, replacement requests and corrected addresses, who was reminded, and the member details
 *     in its log. A year by default, so that the marked register is there while a complaint about the ballot can
 *     still be made and examined; membership is special category data, so not longer
 * @param checkEvery how often each instance looks for ballots whose period has ended: at least a second, as the
 *     scheduler refuses no time or less, and below a second it would look without pause; at most a day, as the
 *     privacy notice says a record can outlast its period by up to a day
 */
@Validated
@ConfigurationProperties("gpaction.ballots.retention")
record RetentionProperties(
        @NotNull @DefaultValue("1y") Period keepVoterRecordsFor,

        @NotNull
        @DurationMin(
                seconds = 1,
                message = "GPACTION_BALLOTS_RETENTION_CHECKEVERY (gpaction.ballots.retention.check-every) must be at"
                        + " least a second, for example 6h")
        @DefaultValue("6h")
        Duration checkEvery) {

    @AssertTrue(
            message = "GPACTION_BALLOTS_RETENTION_KEEPVOTERRECORDSFOR (gpaction.ballots.retention"
                    + ".keep-voter-records-for) must be longer than no time, for example 1y or 90d")
    boolean isPositive() {
        return keepVoterRecordsFor == null || !(keepVoterRecordsFor.isNegative() || keepVoterRecordsFor.isZero());
    }

    /** The privacy notice says a record can outlast its period by up to a day, so the job looks at least daily. */
    @AssertTrue(
            message = "GPACTION_BALLOTS_RETENTION_CHECKEVERY (gpaction.ballots.retention.check-every) must be at most"
                    + " a day, for example 6h")
    boolean isCheckEveryAtMostADay() {
        return checkEvery == null || checkEvery.compareTo(Duration.ofDays(1)) <= 0;
    }
}
