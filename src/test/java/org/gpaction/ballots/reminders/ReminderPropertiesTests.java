package org.gpaction.ballots.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ReminderPropertiesTests {

    @Test
    void withNothingConfiguredNoReminderIsScheduled() {
        ReminderProperties properties = bind(Map.of());

        assertThat(properties.daysBeforeClose()).isEmpty();
        assertThat(properties.checkEvery()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void daysBeforeTheCloseAreReadAsAList() {
        assertThat(bind(Map.of("gpaction.ballots.reminders.days-before-close", "7,2"))
                        .daysBeforeClose())
                .isEqualTo(List.of(7, 2));
    }

    private static ReminderProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("gpaction.ballots.reminders", ReminderProperties.class);
    }
}
