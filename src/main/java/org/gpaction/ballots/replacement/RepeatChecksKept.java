package org.gpaction.ballots.replacement;

import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Repeat-check rows are needed only for the repeat window, and past the address limit every request makes one: the
 * minutely failed-attempt sweep forgets them a minute past it, as each row's time is the clock of the instance that
 * wrote it and one may run a little ahead.
 */
@Configuration(proxyBeanMethods = false)
class RepeatChecksKept {

    @Bean
    FailedAttempts.Retention repeatCheckRowsKept(ReplacementProperties properties) {
        return new FailedAttempts.Retention(
                ReplacementIntake.Kind.REPLACEMENT_ASKED_JUST_NOW,
                properties.repeatWindow().plusMinutes(1));
    }
}
