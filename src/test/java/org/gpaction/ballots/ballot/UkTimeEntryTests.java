package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UkTimeEntryTests {

    @Test
    void midday29July2024InUkTimeIsElevenUtcBecauseOfSummerTime() {
        Map<String, String> problems = new LinkedHashMap<>();
        assertThat(BallotPagesController.ukTime("2024-07-29T12:00", "closesAt", "the closing time", problems))
                .isEqualTo(Instant.parse("2024-07-29T11:00:00Z"));
        assertThat(BallotPagesController.ukTime("2024-01-15T12:00", "closesAt", "the closing time", problems))
                .isEqualTo(Instant.parse("2024-01-15T12:00:00Z"));
        assertThat(problems).isEmpty();
    }

    @Test
    void aMalformedTimeNamesTheFieldAndABlankOneIsLeftForTheMissingCheck() {
        Map<String, String> problems = new LinkedHashMap<>();
        assertThat(BallotPagesController.ukTime("29th July", "opensAt", "the opening time", problems))
                .isNull();
        assertThat(BallotPagesController.ukTime(" ", "closesAt", "the closing time", problems))
                .isNull();
        assertThat(problems).containsOnlyKeys("opensAt");
    }
}
