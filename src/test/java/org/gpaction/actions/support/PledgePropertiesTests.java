package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

/** A pledge link's lifetime, as an operator sets it, and what start-up says about one too short to use. */
class PledgePropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void linksWorkFor48HoursUnlessSetOtherwise() {
        assertThat(bind(Map.of()).linkLifetime()).isEqualTo(Duration.ofHours(48));
        PledgeProperties set = bind(Map.of("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME", "1m"));
        assertThat(set.linkLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    @Test
    void aLinkLifetimeTooShortToUseTheLinkIsRefusedNamingTheSetting() {
        for (String lifetime : new String[] {"59s", "0s", "-48h"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME", lifetime))))
                    .as(lifetime)
                    .singleElement()
                    .satisfies(violation ->
                            assertThat(violation.getMessage()).startsWith("link-lifetime must be at least a minute"));
        }
    }

    private static PledgeProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.actions.pledges", PledgeProperties.class, environment);
    }
}
