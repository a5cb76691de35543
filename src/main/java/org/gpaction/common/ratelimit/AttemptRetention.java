package org.gpaction.common.ratelimit;

import java.time.Duration;
import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link FailedAttempts#forgetOldAttempts()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class AttemptRetention {

    /**
     * As long as any limit's window (a day at most), so every count sees all it needs; in hours that elapse, as a day
     * counted back on the UK clock is 23 hours long when the clocks go forward.
     */
    static final KeptFor KEPT = new KeptFor(
            "Failed sign-ins, requests to public forms and members' requests to change their email address, counted"
                    + " to limit abuse: a one-way fingerprint of the network address, the account's email address, the"
                    + " address asked for or the membership number (for a new voting link asked for, of the"
                    + " membership number, GMC number and address given together), and the time",
            Duration.ofHours(24),
            "after the attempt",
            "deleted",
            50);

    @Bean
    KeptFor attempts() {
        return KEPT;
    }
}
