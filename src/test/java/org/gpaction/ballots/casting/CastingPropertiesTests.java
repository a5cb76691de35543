package org.gpaction.ballots.casting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

/**
 * The limits on unknown voting links and receipts from one address: below one, every unknown link or receipt would be
 * answered with an error page, so such a value is refused at start-up.
 */
class CastingPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void thirtyUnknownLinksAndTwentyUnknownReceiptsFromOneAddressUnlessSetOtherwise() {
        CastingProperties properties = bind(Map.of());
        assertThat(properties.unknownLinksPerAddress()).isEqualTo(30);
        assertThat(properties.unknownReceiptsPerAddress()).isEqualTo(20);
        assertThat(validator.validate(properties)).isEmpty();
        CastingProperties one = bind(Map.of(
                "GPACTION_BALLOTS_UNKNOWNLINKSPERADDRESS", "1", "GPACTION_BALLOTS_UNKNOWNRECEIPTSPERADDRESS", "1"));
        assertThat(one.unknownLinksPerAddress()).isOne();
        assertThat(one.unknownReceiptsPerAddress()).isOne();
        assertThat(validator.validate(one)).isEmpty();
    }

    @Test
    void aLimitBelowOneIsRefusedNamingItsSetting() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.ballots",
                CastingProperties.class,
                refused("GPACTION_BALLOTS_UNKNOWNLINKSPERADDRESS", "0", "unknown-links-per-address"),
                refused("GPACTION_BALLOTS_UNKNOWNLINKSPERADDRESS", "-1", "unknown-links-per-address"),
                refused("GPACTION_BALLOTS_UNKNOWNRECEIPTSPERADDRESS", "0", "unknown-receipts-per-address"),
                refused("GPACTION_BALLOTS_UNKNOWNRECEIPTSPERADDRESS", "-5", "unknown-receipts-per-address"));
    }

    private static CastingProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.ballots", CastingProperties.class, environment);
    }
}
