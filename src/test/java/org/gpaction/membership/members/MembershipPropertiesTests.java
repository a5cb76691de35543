package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.SettingRefusals.assertEachIsRefusedNamingItsSetting;
import static org.gpaction.support.SettingRefusals.refused;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;

class MembershipPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void requestsToJoinNotYetActedOnAreLookedForEveryTenSecondsUnlessSetOtherwise() {
        assertThat(bind(Map.of()).checkJoiningEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(validator.validate(bind(Map.of()))).isEmpty();
        for (String every : new String[] {"1s", "10s"}) {
            MembershipProperties properties = bind(Map.of("GPACTION_MEMBERSHIP_CHECKJOININGEVERY", every));
            assertThat(properties.checkJoiningEvery()).isEqualTo(Duration.parse("PT" + every.toUpperCase()));
            assertThat(validator.validate(properties)).as(every).isEmpty();
        }
    }

    /** At no time or less the scheduler refuses the task, failing start-up naming no setting; below a second, no pause. */
    @Test
    void lookingWithNoPauseOrLessThanNoneIsRefusedNamingTheSetting() {
        for (String every : new String[] {"-10s", "0s", "0", "500ms"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_MEMBERSHIP_CHECKJOININGEVERY", every))))
                    .as(every)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MEMBERSHIP_CHECKJOININGEVERY")
                            .contains("must be at least a second"));
        }
    }

    @Test
    void requestsCountForFifteenMinutesAndAnImportTakesUpTo100MBUnlessSetOtherwise() {
        MembershipProperties properties = bind(Map.of());
        assertThat(properties.requestWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.maxImportBytes()).isEqualTo(104857600L);
        MembershipProperties set =
                bind(Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", "1m", "GPACTION_MEMBERSHIP_MAXIMPORTBYTES", "1"));
        assertThat(set.requestWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.maxImportBytes()).isEqualTo(1L);
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A window of no time (or less) counts no request, so no joining or sign-in link request would ever be limited. */
    @Test
    void aRequestWindowTooShortToCountAnyRequestIsRefusedNamingTheSetting() {
        for (String window : new String[] {"0s", "0", "-15m", "59s"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", window))))
                    .as(window)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MEMBERSHIP_REQUESTWINDOW")
                            .contains("must be at least a minute"));
        }
    }

    @Test
    void anImportLimitOfNoBytesOrLessIsRefusedNamingTheSetting() {
        for (String size : new String[] {"0", "-1"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_MEMBERSHIP_MAXIMPORTBYTES", size))))
                    .as(size)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MEMBERSHIP_MAXIMPORTBYTES")
                            .contains("must be at least 1 byte"));
        }
    }

    @Test
    void aJoiningLinkWorksFor48HoursAndASignInLinkFor30MinutesUnlessSetOtherwise() {
        MembershipProperties properties = bind(Map.of());
        assertThat(properties.joiningLinkLifetime()).isEqualTo(Duration.ofHours(48));
        assertThat(properties.detailsLinkLifetime()).isEqualTo(Duration.ofMinutes(30));
        MembershipProperties set = bind(Map.of(
                "GPACTION_MEMBERSHIP_JOININGLINKLIFETIME", "1m",
                "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "1m",
                "GPACTION_MEMBERSHIP_REQUESTWINDOW", "1m"));
        assertThat(set.joiningLinkLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.detailsLinkLifetime()).isEqualTo(Duration.ofMinutes(1));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A link that lives no time (or less) has expired as its email goes, so nobody could join or sign in. */
    @Test
    void aLinkLifetimeTooShortToUseTheLinkIsRefusedNamingTheSetting() {
        for (String variable :
                new String[] {"GPACTION_MEMBERSHIP_JOININGLINKLIFETIME", "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME"}) {
            for (String lifetime : new String[] {"0s", "0", "-30m", "59s"}) {
                assertThat(validator.validate(bind(Map.of(variable, lifetime))))
                        .as(variable + "=" + lifetime)
                        .singleElement()
                        .satisfies(violation -> assertThat(violation.getMessage())
                                .contains(variable)
                                .contains("must be at least a minute"));
            }
        }
    }

    /**
     * A member who asks for a sign-in link after others used up the few their address may be sent in the window has
     * those links in their mailbox: each must still work, so a link lives at least as long as the window counts it.
     */
    @Test
    void aSignInLinkThatWouldExpireWhileStillCountedInTheWindowIsRefusedNamingBothSettings() {
        for (Map<String, Object> settings : List.<Map<String, Object>>of(
                Map.of("GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "10m"),
                Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", "1h"),
                Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", "1d", "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "23h"))) {
            assertThat(validator.validate(bind(settings)))
                    .as(settings.toString())
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .startsWith("GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME"
                                    + " (gpaction.membership.details-link-lifetime) must be at least"
                                    + " GPACTION_MEMBERSHIP_REQUESTWINDOW (gpaction.membership.request-window)")
                            .contains("for example "));
        }
        for (Map<String, Object> settings : List.<Map<String, Object>>of(
                Map.of("GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "15m"),
                Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", "30m"),
                Map.of("GPACTION_MEMBERSHIP_REQUESTWINDOW", "1d", "GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "2d"))) {
            assertThat(validator.validate(bind(settings)))
                    .as(settings.toString())
                    .isEmpty();
        }
    }

    @Test
    void aChangeWaitsTenSecondsForTheRollUnlessSetOtherwise_fromAMillisecondTo24Days() {
        assertThat(bind(Map.of()).rollWait()).isEqualTo(Duration.ofSeconds(10));
        for (String wait : new String[] {"1ms", "1500us", "10s", "24d"}) {
            MembershipProperties properties = bind(Map.of("GPACTION_MEMBERSHIP_ROLLWAIT", wait));
            assertThat(validator.validate(properties)).as(wait).isEmpty();
        }
    }

    /**
     * The wait is PostgreSQL's lock_timeout, in whole milliseconds: under one it would be none, which PostgreSQL reads
     * as no limit, and above 2,147,483,647 (24 days 20 hours) PostgreSQL refuses it, so every join and every change at
     * /my-details failed with an error page.
     */
    @Test
    void aRollWaitPostgresqlWouldReadAsNoLimitOrRefuseIsRefusedNamingTheSetting() {
        for (String wait : new String[] {"0", "500us", "-1s"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_MEMBERSHIP_ROLLWAIT", wait))))
                    .as(wait)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MEMBERSHIP_ROLLWAIT")
                            .contains("must be at least a millisecond"));
        }
        for (String wait : new String[] {"25d", "PT596H31M24S", "3650d"}) {
            assertThat(validator.validate(bind(Map.of("GPACTION_MEMBERSHIP_ROLLWAIT", wait))))
                    .as(wait)
                    .singleElement()
                    .satisfies(violation -> assertThat(violation.getMessage())
                            .contains("GPACTION_MEMBERSHIP_ROLLWAIT")
                            .contains("must be at most 24 days"));
        }
    }

    /** "must be greater than or equal to 1" told an operator neither which of the three limits to change nor to what. */
    @Test
    void everyValueRefusedAtStartUpNamesItsVariableAndKeyAndAValueThatWouldDo() {
        assertEachIsRefusedNamingItsSetting(
                "gpaction.membership",
                MembershipProperties.class,
                refused("GPACTION_MEMBERSHIP_MAXIMPORTBYTES", "0", "max-import-bytes"),
                refused("GPACTION_MEMBERSHIP_JOININGLINKLIFETIME", "59s", "joining-link-lifetime"),
                refused("GPACTION_MEMBERSHIP_DETAILSLINKLIFETIME", "0", "details-link-lifetime"),
                refused("GPACTION_MEMBERSHIP_REQUESTSPERADDRESS", "0", "requests-per-address"),
                refused("GPACTION_MEMBERSHIP_EMAILSPERRECIPIENT", "-3", "emails-per-recipient"),
                refused("GPACTION_MEMBERSHIP_UNKNOWNLINKSPERADDRESS", "0", "unknown-links-per-address"),
                refused("GPACTION_MEMBERSHIP_REQUESTWINDOW", "59s", "request-window"),
                refused("GPACTION_MEMBERSHIP_REQUESTWINDOW", "25h", "request-window"),
                refused("GPACTION_MEMBERSHIP_KEEPAUDITLOGFOR", "0d", "keep-audit-log-for"),
                refused("GPACTION_MEMBERSHIP_KEEPSPENTLINKSFOR", "-7d", "keep-spent-links-for"),
                refused("GPACTION_MEMBERSHIP_CHECKJOININGEVERY", "500ms", "check-joining-every"),
                refused("GPACTION_MEMBERSHIP_ROLLWAIT", "500us", "roll-wait"),
                refused("GPACTION_MEMBERSHIP_ROLLWAIT", "25d", "roll-wait"));
    }

    private static MembershipProperties bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.membership", MembershipProperties.class, environment);
    }
}
