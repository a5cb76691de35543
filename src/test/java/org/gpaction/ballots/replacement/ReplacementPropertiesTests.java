package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

/**
 * The replacement limits count over at least a minute, and look back no further than the requests they count are
 * kept: a day.
 */
class ReplacementPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void requestsNotYetActedOnAreLookedForEveryTenSecondsUnlessSetOtherwise() {
        assertThat(bind(Map.of()).checkEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1s", "10s"}) {
            ReplacementProperties properties = bind(Map.of("GPACTION_BALLOTS_REPLACEMENTS_CHECKEVERY", every));
            assertThat(properties.checkEvery()).isEqualTo(Duration.parse("PT" + every.toUpperCase()));
            assertThat(validator.validate(properties)).as(every).isEmpty();
        }
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-10s", "0s", "0", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_BALLOTS_REPLACEMENTS_CHECKEVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_BALLOTS_REPLACEMENTS_CHECKEVERY")
                            .contains("must be at least a second"));
        }
    }

    @Test
    void requestsCountForAnHourByMemberAndFifteenMinutesByAddressAndRepeatsForTwoMinutesUnlessSetOtherwise() {
        ReplacementProperties properties = bind(Map.of());
        assertThat(properties.window()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.addressWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.repeatWindow()).isEqualTo(Duration.ofMinutes(2));
        ReplacementProperties set = bind(Map.of(
                "GPACTION_BALLOTS_REPLACEMENTS_WINDOW", "1m",
                "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW", "1m",
                "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW", "1m"));
        assertThat(set.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.addressWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.repeatWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /**
     * A window of no time (or less) counts nothing: a member's inbox or the service could be flooded with requests,
     * and the same details sent again would send a second link that ends the first.
     */
    @Test
    void aWindowTooShortToCountAnyRequestIsRefusedNamingTheSetting() {
        Map<String, String> settings = Map.of(
                "GPACTION_BALLOTS_REPLACEMENTS_WINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_WINDOW (gpaction.ballots.replacements.window) must be at least a"
                                + " minute",
                "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW (gpaction.ballots.replacements.address-window) must"
                                + " be at least a minute",
                "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW (gpaction.ballots.replacements.repeat-window) must"
                                + " be at least a minute");
        settings.forEach((variable, message) -> {
            for (String window : new String[] {"0s", "0", "-1h", "59s"}) {
                assertThat(validator.validate(bind(Map.of(variable, window))))
                        .as(variable + "=" + window)
                        .singleElement()
                        .satisfies(
                                violation -> assertThat(violation.getMessage()).startsWith(message));
            }
        });
    }

    @Test
    void windowsUpToADayAreTaken() {
        assertThat(validator.validate(bind(Map.of(
                        "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW", "1d",
                        "GPACTION_BALLOTS_REPLACEMENTS_WINDOW", "24h",
                        "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW", "1d"))))
                .isEmpty();
    }

    @Test
    void aWindowLongerThanTheRequestsCountedAreKeptIsRefusedNamingTheSetting() {
        Map<String, String> settings = Map.of(
                "GPACTION_BALLOTS_REPLACEMENTS_WINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_WINDOW (gpaction.ballots.replacements.window) must be at most a"
                                + " day",
                "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW (gpaction.ballots.replacements.address-window) must"
                                + " be at most a day",
                "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW",
                        "GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW (gpaction.ballots.replacements.repeat-window) must"
                                + " be at most a day");
        settings.forEach((variable, message) -> {
            for (String window : new String[] {"25h", "2d", "7d"}) {
                Set<ConstraintViolation<ReplacementProperties>> problems =
                        validator.validate(bind(Map.of(variable, window)));
                assertThat(problems)
                        .as(variable + "=" + window)
                        .singleElement()
                        .satisfies(problem -> assertThat(problem.getMessage()).startsWith(message));
            }
        });
    }

    @Test
    void aMembersWaitingRequestGainsAtMostThreeAddressesUnlessSetOtherwise() {
        assertThat(bind(Map.of()).addressesPerMember()).isEqualTo(3);
        assertThat(bind(Map.of("GPACTION_BALLOTS_REPLACEMENTS_ADDRESSESPERMEMBER", "1"))
                        .addressesPerMember())
                .isOne();
    }

    /** "window must be at least a minute" named none of the three windows an operator could have meant. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.ballots.replacements",
                ReplacementProperties.class,
                refused("GPACTION_BALLOTS_REPLACEMENTS_REQUESTSPERADDRESS", "0", "requests-per-address"),
                refused(
                        "GPACTION_BALLOTS_REPLACEMENTS_REQUESTSPERMEMBERSHIPNUMBER",
                        "-5",
                        "requests-per-membership-number"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_ADDRESSESPERMEMBER", "0", "addresses-per-member"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW", "59s", "address-window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_ADDRESSWINDOW", "2d", "address-window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_WINDOW", "0", "window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_WINDOW", "25h", "window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW", "-2m", "repeat-window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_REPEATWINDOW", "7d", "repeat-window"),
                refused("GPACTION_BALLOTS_REPLACEMENTS_CHECKEVERY", "500ms", "check-every"));
    }

    private static ReplacementProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.ballots.replacements", ReplacementProperties.class, environment);
    }
}
