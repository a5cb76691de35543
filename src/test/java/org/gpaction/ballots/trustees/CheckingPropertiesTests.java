package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class CheckingPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @EnableConfigurationProperties(CheckingProperties.class)
    static class Settings {}

    @Test
    void anInstanceLooksEveryFiveSecondsAndChecksWhileTakingFewerThanTenVotesASecondUnlessSetOtherwise() {
        CheckingProperties properties = bind(Map.of());
        assertThat(properties.every()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.quietBelowPerSecond()).isEqualTo(10);
        assertThat(validator.validate(properties)).isEmpty();
        CheckingProperties set = bind(Map.of(
                "GPACTION_BALLOTS_CHECKING_EVERY", "1s", "GPACTION_BALLOTS_CHECKING_QUIETBELOWPERSECOND", "0.5"));
        assertThat(set.every()).isEqualTo(Duration.ofSeconds(1));
        assertThat(set.quietBelowPerSecond()).isEqualTo(0.5);
        assertThat(validator.validate(set)).isEmpty();
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-5s", "0s", "0", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_CHECKING_EVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_CHECKING_EVERY")
                            .contains("must be at least a second"));
        }
    }

    /**
     * No rate of votes is below 0 (or below NaN), so the papers would never be checked until the close; every rate is
     * below Infinity, so an instance would check at its busiest, when checking is to wait.
     */
    @Test
    void aQuietMarkOfNoVotesOrLessOrOfNoNumberIsRefusedNamingTheSetting() {
        for (String mark : new String[] {"0", "-1", "NaN", "Infinity", "-Infinity"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_CHECKING_QUIETBELOWPERSECOND", mark))))
                    .as(mark)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_CHECKING_QUIETBELOWPERSECOND")
                            .contains("must be more than 0"));
        }
    }

    @Test
    void startUpIsRefusedNamingTheSettingForNoTimeOrAValueThatIsNotALength() {
        ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Settings.class);
        context.withPropertyValues("gpaction.ballots.checking.every=0")
                .run(started -> assertThat(started)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("GPACTION_BALLOTS_CHECKING_EVERY"));
        context.withPropertyValues("gpaction.ballots.checking.every=five seconds")
                .run(started -> assertThat(started)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'gpaction.ballots.checking.every'"));
    }

    private static CheckingProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.ballots.checking", CheckingProperties.class, environment);
    }
}
