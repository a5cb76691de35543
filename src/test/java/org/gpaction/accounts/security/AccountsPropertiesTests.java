package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

class AccountsPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void signInsArePausedAfterFiveFailuresToAnAccountOrTwentyFromAnAddressInFifteenMinutesUnlessSetOtherwise() {
        AccountsProperties properties = bind(Map.of());
        assertThat(properties.failuresPerAccount()).isEqualTo(5);
        assertThat(properties.failuresPerAddress()).isEqualTo(20);
        assertThat(properties.failureWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(validator.validate(properties)).isEmpty();

        AccountsProperties set = bind(Map.of(
                "GPACTION_ACCOUNTS_FAILURES_PER_ACCOUNT", "3",
                "GPACTION_ACCOUNTS_FAILURES_PER_ADDRESS", "50",
                "GPACTION_ACCOUNTS_FAILURE_WINDOW", "1m"));
        assertThat(set.failuresPerAccount()).isEqualTo(3);
        assertThat(set.failuresPerAddress()).isEqualTo(50);
        assertThat(set.failureWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A window of no time (or less) counts no failed attempt, so nobody would ever be paused. */
    @Test
    void aFailureWindowTooShortToCountAnyAttemptIsRefusedNamingTheSetting() {
        for (String window : new String[] {"0s", "0", "-15m", "59s"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_ACCOUNTS_FAILURE_WINDOW", window))))
                    .as(window)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_ACCOUNTS_FAILURE_WINDOW")
                            .contains("must be at least a minute"));
        }
    }

    @Test
    void theFirstAdministratorsSetupLinkWorksFor24HoursUnlessSetOtherwise() {
        assertThat(bind(Map.of()).setupLinkLifetime()).isEqualTo(Duration.ofHours(24));
        AccountsProperties set = bind(Map.of("GPACTION_ACCOUNTS_SETUP_LINK_LIFETIME", "1m"));
        assertThat(set.setupLinkLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A setup link that lives no time (or less) has expired as it is written, so no first administrator is made. */
    @Test
    void aSetupLinkLifetimeTooShortToUseTheLinkIsRefusedNamingTheSetting() {
        for (String lifetime : new String[] {"0s", "0", "-24h", "59s"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_ACCOUNTS_SETUP_LINK_LIFETIME", lifetime))))
                    .as(lifetime)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_ACCOUNTS_SETUP_LINK_LIFETIME")
                            .contains("must be at least a minute"));
        }
    }

    /** An operator told only "must be greater than or equal to 1" is not told which of the limits to change. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.accounts",
                AccountsProperties.class,
                refused("GPACTION_ACCOUNTS_FAILURES_PER_ACCOUNT", "0", "failures-per-account"),
                refused("GPACTION_ACCOUNTS_FAILURES_PER_ADDRESS", "-20", "failures-per-address"),
                refused("GPACTION_ACCOUNTS_FAILURE_WINDOW", "59s", "failure-window"),
                refused("GPACTION_ACCOUNTS_FAILURE_WINDOW", "25h", "failure-window"),
                refused("GPACTION_ACCOUNTS_SETUP_LINK_LIFETIME", "0", "setup-link-lifetime"));
    }

    private static AccountsProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.accounts", AccountsProperties.class, environment);
    }
}
