package org.gpaction.actions.support;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param keepConfirmedFor how long a confirmed pledge of support (the name, role, practice and email address given) is
 *     kept after it was confirmed, before it is deleted. Two years covers a dispute and the ballots around it; the
 *     person can withdraw it sooner themselves.
 */
@Validated
@ConfigurationProperties("gpaction.actions.pledges")
record PledgeProperties(@NotNull @DefaultValue("2y") Period keepConfirmedFor) {

    @AssertTrue(message = "keep-confirmed-for must be longer than no time, for example 2y")
    boolean isKeepConfirmedForLongerThanNoTime() {
        return keepConfirmedFor == null || (!keepConfirmedFor.isNegative() && !keepConfirmedFor.isZero());
    }
}
