package org.gpaction.actions.support;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Period;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param linkLifetime how long a link to confirm or withdraw a pledge works, from when its email is sent; the pages
 *     and emails say so
 * @param keepConfirmedFor how long a confirmed pledge of support (the name, role, practice and email address given) is
 *     kept after it was confirmed, before it is deleted. Two years covers a dispute and the ballots around it; the
 *     person can withdraw it sooner themselves.
 */
@Validated
@ConfigurationProperties("gpaction.actions.pledges")
record PledgeProperties(
        @NotNull
        @DurationMin(
                minutes = 1,
                message = "GPACTION_ACTIONS_PLEDGES_LINKLIFETIME (gpaction.actions.pledges.link-lifetime) must be at"
                        + " least a minute, for example 48h")
        @DefaultValue("48h")
        Duration linkLifetime,

        @NotNull @DefaultValue("2y") Period keepConfirmedFor) {

    @AssertTrue(
            message = "GPACTION_ACTIONS_PLEDGES_KEEPCONFIRMEDFOR (gpaction.actions.pledges.keep-confirmed-for) must be"
                    + " longer than no time, for example 2y")
    boolean isKeepConfirmedForLongerThanNoTime() {
        return keepConfirmedFor == null || (!keepConfirmedFor.isNegative() && !keepConfirmedFor.isZero());
    }
}
