package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A paused sign-in says the same wait in its words and in its Retry-After, never one shorter than the pause. */
class SignInPausedTests {

    @Test
    void aPauseAFractionOfASecondOverFiveMinutesSaysSixMinutes_asItsRetryAfterDoes() {
        SignInPaused paused = new SignInPaused(Duration.ofMinutes(5).plusMillis(500));

        assertThat(paused.retryAfter().seconds()).isEqualTo(301L);
        assertThat(paused.getMessage()).isEqualTo("Too many failed sign-in attempts. Try again in 6 minutes.");
    }

    @Test
    void aPauseOfWholeSecondsIsThoseSeconds() {
        SignInPaused paused = new SignInPaused(Duration.ofMinutes(5));

        assertThat(paused.retryAfter().seconds()).isEqualTo(300L);
        assertThat(paused.getMessage()).isEqualTo("Too many failed sign-in attempts. Try again in 5 minutes.");
    }

    @Test
    void aPauseUnderASecondIsASecond_saidAsAMinute() {
        SignInPaused paused = new SignInPaused(Duration.ofMillis(200));

        assertThat(paused.retryAfter().seconds()).isEqualTo(1L);
        assertThat(paused.getMessage()).isEqualTo("Too many failed sign-in attempts. Try again in 1 minute.");
    }
}
