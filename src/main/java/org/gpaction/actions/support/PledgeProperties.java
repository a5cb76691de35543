package org.gpaction.actions.support;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
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
 * @param requestsPerAddress how many pledges one network address may send per 15 minutes: far more than people send,
 *     as NHS sites share a few public addresses and the partners of many practices may pledge from one (at an LMC
 *     meeting, say). Each pledge emails whatever address was typed, so this slows a script to this many confirmation
 *     emails per 15 minutes from one address; it does not stop one, and the limit of 3 emails per recipient stops
 *     anyone filling one mailbox
 * @param withdrawalRequestsPerAddress the same for requests for a link to withdraw pledges, counted apart
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

        @NotNull @DefaultValue("2y") Period keepConfirmedFor,

        @Positive(
                message = "GPACTION_ACTIONS_PLEDGES_REQUESTSPERADDRESS (gpaction.actions.pledges.requests-per-address)"
                        + " must be at least 1, for example 50")
        @DefaultValue("50")
        int requestsPerAddress,

        @Positive(
                message = "GPACTION_ACTIONS_PLEDGES_WITHDRAWALREQUESTSPERADDRESS"
                        + " (gpaction.actions.pledges.withdrawal-requests-per-address) must be at least 1, for example"
                        + " 50")
        @DefaultValue("50")
        int withdrawalRequestsPerAddress) {

    @AssertTrue(
            message = "GPACTION_ACTIONS_PLEDGES_KEEPCONFIRMEDFOR (gpaction.actions.pledges.keep-confirmed-for) must be"
                    + " longer than no time, for example 2y")
    boolean isKeepConfirmedForLongerThanNoTime() {
        return keepConfirmedFor == null || (!keepConfirmedFor.isNegative() && !keepConfirmedFor.isZero());
    }
}
