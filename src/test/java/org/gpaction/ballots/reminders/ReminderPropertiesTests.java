package org.gpaction.ballots.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ReminderPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

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

    @Test
    void remindersDueAreLookedForEveryFiveMinutesUnlessSetOtherwise() {
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1s", "5m"}) {
            ReminderProperties properties = fromEnvironment(Map.of("GPACTION_BALLOTS_REMINDERS_CHECKEVERY", every));
            assertThat(properties.checkEvery()).isEqualTo(Duration.parse("PT" + every.toUpperCase()));
            assertThat(validator.validate(properties)).as(every).isEmpty();
        }
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-5m", "0s", "0", "500ms"}) {
            assertThat(validator.validate(fromEnvironment(Map.of("GPACTION_BALLOTS_REMINDERS_CHECKEVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_REMINDERS_CHECKEVERY")
                            .contains("must be at least a second"));
        }
    }

    /**
     * A day before the close of no whole days or fewer, or a gap between two commas, was refused as "must be greater
     * than 0" or "must not be null", naming no setting.
     */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.ballots.reminders",
                ReminderProperties.class,
                refused("GPACTION_BALLOTS_REMINDERS_DAYSBEFORECLOSE", "0", "days-before-close"),
                refused("GPACTION_BALLOTS_REMINDERS_DAYSBEFORECLOSE", "7,-2", "days-before-close"),
                refused("GPACTION_BALLOTS_REMINDERS_DAYSBEFORECLOSE", "7,,2", "days-before-close"),
                refused("GPACTION_BALLOTS_REMINDERS_CHECKEVERY", "500ms", "check-every"));
    }

    private static ReminderProperties fromEnvironment(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.ballots.reminders", ReminderProperties.class, environment);
    }

    private static ReminderProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("gpaction.ballots.reminders", ReminderProperties.class);
    }
}
