package org.gpaction.capacity.routing;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the front door counts of network addresses, and each practice's requests, is needed only for its limit's
 * window: the minutely failed-attempt sweep forgets each kind a minute past it, as each row's time is the clock of the
 * instance that wrote it and one may run a little ahead.
 */
@Configuration(proxyBeanMethods = false)
class FrontDoorAddressesKept {

    @Bean
    FailedAttempts.Retention frontDoorLookUpsKept() {
        return new FailedAttempts.Retention(
                FrontDoorLimits.Kind.FRONT_DOOR_LOOKUP, FrontDoorLimits.LOOKUP_WINDOW.plusMinutes(1));
    }

    @Bean
    FailedAttempts.Retention frontDoorRequestsKept() {
        return new FailedAttempts.Retention(
                FrontDoorLimits.Kind.FRONT_DOOR_REQUEST, FrontDoorLimits.REQUEST_WINDOW.plusMinutes(1));
    }

    @Bean
    FailedAttempts.Retention frontDoorPracticeRequestsKept() {
        return new FailedAttempts.Retention(
                FrontDoorLimits.Kind.FRONT_DOOR_PRACTICE, FrontDoorLimits.REQUEST_WINDOW.plusMinutes(1));
    }
}
