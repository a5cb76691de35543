package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A paused sign-in says the same wait in its words and in its Retry-After, never one shorter than the pause. */
class SignInPausedTests {

    @Test
    void aPauseAFractionOfASecondOverFiveMinutesSaysSixMinutes_asItsRetryAfterDoes() {
        SignInPaused paused = SignInPaused.account(Duration.ofMinutes(5).plusMillis(500));

        assertThat(paused.retryAfter().seconds()).isEqualTo(301L);
        assertThat(paused.getMessage())
                .startsWith("Too many failed sign-in attempts. Try again in 6 minutes, or ask an administrator");
    }

    @Test
    void aPauseOfWholeSecondsIsThoseSeconds() {
        SignInPaused paused = SignInPaused.account(Duration.ofMinutes(5));

        assertThat(paused.retryAfter().seconds()).isEqualTo(300L);
        assertThat(paused.getMessage())
                .startsWith("Too many failed sign-in attempts. Try again in 5 minutes, or ask an administrator");
    }

    @Test
    void anAddressPauseSaysThePasswordWasWrongAndTheRightOneStillSignsIn_withTheSameWait() {
        SignInPaused paused = SignInPaused.address(Duration.ofMinutes(5).plusMillis(500));

        assertThat(paused.retryAfter().seconds()).isEqualTo(301L);
        assertThat(paused.getMessage())
                .isEqualTo("The email address or password is wrong. Too many wrong passwords have come from your"
                        + " network, so try again in 6 minutes; the right email address and password still sign in"
                        + " from here now.");
    }

    @Test
    void aPauseUnderASecondIsASecond_saidAsAMinute() {
        SignInPaused paused = SignInPaused.account(Duration.ofMillis(200));

        assertThat(paused.retryAfter().seconds()).isEqualTo(1L);
        assertThat(paused.getMessage())
                .startsWith("Too many failed sign-in attempts. Try again in 1 minute, or ask an administrator");
    }
}
