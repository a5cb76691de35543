package org.gpaction.common.ratelimit;

import java.time.Period;
import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link FailedAttempts#forgetOldAttempts()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class AttemptRetention {

    /** Longer than any limit's window, so every count sees all it needs. */
    static final KeptFor KEPT = new KeptFor(
            "Failed sign-ins and requests to public forms, counted to limit abuse: a one-way fingerprint of the network"
                    + " address, the account's email address or the address asked for, and the time",
            Period.ofDays(1),
            "after the attempt",
            "deleted",
            50);

    @Bean
    KeptFor attempts() {
        return KEPT;
    }
}
