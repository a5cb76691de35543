package org.gpaction.actions.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

/** A pledge link's lifetime and the limits per network address, as an operator sets them, and what start-up refuses. */
class PledgePropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void linksWorkFor48HoursUnlessSetOtherwise() {
        assertThat(bind(Map.of()).linkLifetime()).isEqualTo(Duration.ofHours(48));
        PledgeProperties set = bind(Map.of("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME", "1m"));
        assertThat(set.linkLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** NHS sites share a few public addresses: the partners of many practices may pledge from one. */
    @Test
    void oneAddressMaySendFiftyPledgesAndFiftyWithdrawalRequestsIn15MinutesUnlessSetOtherwise() {
        PledgeProperties defaults = bind(Map.of());
        assertThat(defaults.requestsPerAddress()).isEqualTo(50);
        assertThat(defaults.withdrawalRequestsPerAddress()).isEqualTo(50);
        PledgeProperties set = bind(Map.of(
                "GPACTION_ACTIONS_PLEDGES_REQUESTSPERADDRESS", "500",
                "GPACTION_ACTIONS_PLEDGES_WITHDRAWALREQUESTSPERADDRESS", "7"));
        assertThat(set.requestsPerAddress()).isEqualTo(500);
        assertThat(set.withdrawalRequestsPerAddress()).isEqualTo(7);
        assertThat(validator.validate(set)).isEmpty();
    }

    @Test
    void aLinkLifetimeTooShortToUseTheLinkIsRefusedNamingTheSetting() {
        for (String lifetime : new String[] {"59s", "0s", "-48h"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME", lifetime))))
                    .as(lifetime)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME")
                            .contains("must be at least a minute"));
        }
    }

    /** "link-lifetime" alone is no variable an operator can find: they set GPACTION_ACTIONS_PLEDGES_LINKLIFETIME. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.actions.pledges",
                PledgeProperties.class,
                refused("GPACTION_ACTIONS_PLEDGES_LINKLIFETIME", "59s", "link-lifetime"),
                refused("GPACTION_ACTIONS_PLEDGES_KEEPCONFIRMEDFOR", "0d", "keep-confirmed-for"),
                refused("GPACTION_ACTIONS_PLEDGES_KEEPCONFIRMEDFOR", "-2y", "keep-confirmed-for"),
                refused("GPACTION_ACTIONS_PLEDGES_REQUESTSPERADDRESS", "0", "requests-per-address"),
                refused(
                        "GPACTION_ACTIONS_PLEDGES_WITHDRAWALREQUESTSPERADDRESS",
                        "-1",
                        "withdrawal-requests-per-address"));
    }

    private static PledgeProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.actions.pledges", PledgeProperties.class, environment);
    }
}
