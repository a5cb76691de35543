package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationWordsTests {

    @Test
    void aLinksLifeUpToTwoDaysIsToldInHours() {
        assertThat(DurationWords.inWords(Duration.ofHours(48))).isEqualTo("48 hours");
        assertThat(DurationWords.inWords(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(DurationWords.inWords(Duration.ofMinutes(90))).isEqualTo("1 hour and 30 minutes");
    }

    @Test
    void longerTimesAreToldInDaysHoursAndMinutes() {
        assertThat(DurationWords.inWords(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(DurationWords.inWords(Duration.ofDays(3).plusHours(1).plusMinutes(5)))
                .isEqualTo("3 days, 1 hour and 5 minutes");
    }

    @Test
    void minutesAndLessThanAMinute() {
        assertThat(DurationWords.inWords(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(DurationWords.inWords(Duration.ofSeconds(30))).isEqualTo("less than a minute");
    }
}
