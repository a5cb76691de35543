package org.gpaction.ballots.retention;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The privacy notice says a record can outlast its period by up to a day, so the job deleting a ballot's voter records
 * must look at least once a day.
 */
class RetentionPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void voterRecordsAreLookedForEverySixHoursUnlessSetOtherwise_atMostADayApart() {
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1m", "12h", "1d"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.ballots.retention.check-every", every))))
                    .as(every)
                    .isEmpty();
        }
    }

    @Test
    void voterRecordsLookedForLessThanDailyAreRefusedNamingTheSettingAndTheLimit() {
        for (String every : new String[] {"25h", "2d", "30d"}) {
            assertThat(validator.validate(bind(Map.of("gpaction.ballots.retention.check-every", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation ->
                            assertThat(violation.getMessage()).contains("check-every must be at most a day"));
        }
    }

    private static RetentionProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gpaction.ballots.retention", RetentionProperties.class);
    }
}
