package org.gpaction.actions.support;

import java.time.Period;
import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link Pledges#forgetUnconfirmed()} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class PledgeRetention {

    @Bean
    KeptFor unconfirmedPledges() {
        return new KeptFor(
                "Pledges of support never confirmed: the name, role, practice and email address given",
                Period.ofDays((int) Pledges.LINK_LIFETIME.toDays()),
                "after they were made",
                "deleted with their link, which has expired",
                45);
    }
}
