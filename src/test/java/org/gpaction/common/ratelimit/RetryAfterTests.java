package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    @Test
    void aWaitIsSaidInWholeSecondsAndMinutesRoundedUp_soNobodyIsToldToTryBeforeTheyMay() {
        RetryAfter wait = new RetryAfter(Duration.ofMinutes(4).plusMillis(1));

        assertThat(wait.seconds()).isEqualTo(241);
        assertThat(wait.minutes()).isEqualTo(5);
        assertThat(new RetryAfter(Duration.ofMinutes(5)).minutes()).isEqualTo(5);
    }

    @Test
    void aWaitIsAtLeastASecond_asARefusalFreedBeforeItsWaitWasReadStillSaysToTryAgainSoon() {
        assertThat(new RetryAfter(Duration.ZERO).seconds()).isEqualTo(1);
        assertThat(new RetryAfter(Duration.ofMillis(200)).seconds()).isEqualTo(1);
        assertThat(new RetryAfter(Duration.ofSeconds(-3)).minutes()).isEqualTo(1);
    }
}
