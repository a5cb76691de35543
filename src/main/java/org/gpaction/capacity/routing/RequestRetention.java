package org.gpaction.capacity.routing;

import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link RequestCounts#foldInOldRequests()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class RequestRetention {

    @Bean
    KeptFor safeWorkingRequests(CapacityProperties properties) {
        return new KeptFor(
                "Safe working: each request a practice recorded (time, channel, kind, outcome, clinician label, who"
                        + " recorded it and, for a booking from the waiting list, the request it served; nothing about"
                        + " the patient)",
                properties.keepRequestsFor(),
                "after the day of the request",
                "added into daily counts by practice and deleted",
                20);
    }
}
