package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CapacityPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void requestsAreKept13MonthsUnlessSetOtherwise() {
        assertThat(bind(Map.of()).keepRequestsFor()).isEqualTo(Period.ofMonths(13));
        assertThat(bind(Map.of("gpaction.capacity.keep-requests-for", "2y")).keepRequestsFor())
                .isEqualTo(Period.ofYears(2));
    }

    @Test
    void requestsMustBeKeptAtLeastAMonthBecauseTheBoardAndTheWaitingListReadTheRecentDays() {
        assertThat(validator.validate(new CapacityProperties(Period.ofMonths(1))))
                .isEmpty();
        assertThat(validator.validate(new CapacityProperties(Period.ofDays(31))))
                .isEmpty();
        assertThat(validator.validate(new CapacityProperties(Period.ofDays(30))))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage()).contains("at least a month"));
        assertThat(validator.validate(new CapacityProperties(Period.ZERO))).hasSize(1);
        assertThat(validator.validate(new CapacityProperties(Period.ofMonths(-13))))
                .hasSize(1);
    }

    /** "keep-requests-for" alone is no variable an operator can find: they set GPACTION_CAPACITY_KEEPREQUESTSFOR. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.capacity",
                CapacityProperties.class,
                refused("GPACTION_CAPACITY_KEEPREQUESTSFOR", "30d", "keep-requests-for"),
                refused("GPACTION_CAPACITY_KEEPREQUESTSFOR", "0m", "keep-requests-for"),
                refused("GPACTION_CAPACITY_KEEPREQUESTSFOR", "-13m", "keep-requests-for"));
    }

    private static CapacityProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("gpaction.capacity", CapacityProperties.class);
    }
}
