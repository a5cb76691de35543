package org.gpaction.ballots.retention;

import org.gpaction.common.retention.KeptFor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The period {@link VoterRecords} keeps to, for the privacy notice. */
@Configuration(proxyBeanMethods = false)
class VoterRecordsRetention {

    static KeptFor keptFor(RetentionProperties properties) {
        return new KeptFor(
                "A ballot's electoral roll, the voting links sent, replacement requests and who voted (the marked"
                        + " register)",
                properties.keepVoterRecordsFor(),
                "after the ballot's result is published",
                "deleted; the result, the turnout figures and the anonymous ballot papers are kept",
                10);
    }

    @Bean
    KeptFor voterRecordsKept(RetentionProperties properties) {
        return keptFor(properties);
    }
}
