package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountWordsTests {

    @Test
    void oneTakesTheSingular() {
        assertThat(CountWords.of(1, "member", "members")).isEqualTo("1 member");
    }

    @Test
    void noneAndManyTakeThePlural() {
        assertThat(CountWords.of(0, "member", "members")).isEqualTo("0 members");
        assertThat(CountWords.of(2, "person", "people")).isEqualTo("2 people");
        assertThat(CountWords.of(12_590, "member", "members")).isEqualTo("12590 members");
    }
}
