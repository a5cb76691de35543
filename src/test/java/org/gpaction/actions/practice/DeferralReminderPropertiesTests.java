package org.gpaction.actions.practice;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DeferralReminderPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @EnableConfigurationProperties(DeferralReminderProperties.class)
    static class Settings {}

    @Test
    void deferralsDueForReviewAreLookedForHourlyUnlessSetOtherwise() {
        assertThat(bind(Map.of()).reminderInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1s", "15m"}) {
            DeferralReminderProperties properties = bind(Map.of("GPACTION_ACTIONS_REMINDER_INTERVAL", every));
            assertThat(properties.reminderInterval()).isEqualTo(Duration.parse("PT" + every.toUpperCase()));
            assertThat(validator.validate(properties)).as(every).isEmpty();
        }
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-1h", "0s", "0", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_ACTIONS_REMINDER_INTERVAL", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_ACTIONS_REMINDER_INTERVAL")
                            .contains("must be at least a second"));
        }
    }

    @Test
    void startUpIsRefusedNamingTheSettingForNoTimeOrAValueThatIsNotALength() {
        ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);
        context.withPropertyValues("gpaction.actions.reminder-interval=0")
                .run(started -> assertThat(started)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("GPACTION_ACTIONS_REMINDER_INTERVAL"));
        context.withPropertyValues("gpaction.actions.reminder-interval=an hour")
                .run(started -> assertThat(started)
                        .getFailure()
                        .hasStackTraceContaining(
                                "Failed to bind properties under 'gpaction.actions.reminder-interval'"));
    }

    private static DeferralReminderProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.actions", DeferralReminderProperties.class, environment);
    }
}
