package org.gpaction.ballots.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

/**
 * The job deleting a ballot's voter records looks at least a second apart, and, as the privacy notice says a record can
 * outlast its period by up to a day, at least once a day.
 */
class RetentionPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void ballotsWhoseVoterRecordsAreDueToGoAreLookedForEverySixHoursUnlessSetOtherwise() {
        assertThat(bind(Map.of()).checkEvery()).isEqualTo(Duration.ofHours(6));
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1s", "6h"}) {
            RetentionProperties properties = bind(Map.of("GPACTION_BALLOTS_RETENTION_CHECKEVERY", every));
            assertThat(properties.checkEvery()).isEqualTo(Duration.parse("PT" + every.toUpperCase()));
            assertThat(validator.validate(properties)).as(every).isEmpty();
        }
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-6h", "0s", "0", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_RETENTION_CHECKEVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_RETENTION_CHECKEVERY")
                            .contains("must be at least a second"));
        }
    }

    @Test
    void voterRecordsLookedForUpToADayApartAreTaken() {
        for (String every : new String[] {"1m", "12h", "1d"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_RETENTION_CHECKEVERY", every))))
                    .as(every)
                    .isEmpty();
        }
    }

    @Test
    void voterRecordsLookedForLessThanDailyAreRefusedNamingTheSettingAndTheLimit() {
        for (String every : new String[] {"25h", "2d", "30d"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_RETENTION_CHECKEVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_RETENTION_CHECKEVERY")
                            .contains("must be at most a day"));
        }
    }

    /** The key alone is not what an operator sets: the variable is, and the README's table lists it. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.ballots.retention",
                RetentionProperties.class,
                refused("GPACTION_BALLOTS_RETENTION_KEEPVOTERRECORDSFOR", "0d", "keep-voter-records-for"),
                refused("GPACTION_BALLOTS_RETENTION_KEEPVOTERRECORDSFOR", "-1y", "keep-voter-records-for"),
                refused("GPACTION_BALLOTS_RETENTION_CHECKEVERY", "500ms", "check-every"),
                refused("GPACTION_BALLOTS_RETENTION_CHECKEVERY", "25h", "check-every"));
    }

    private static RetentionProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.ballots.retention", RetentionProperties.class, environment);
    }
}
