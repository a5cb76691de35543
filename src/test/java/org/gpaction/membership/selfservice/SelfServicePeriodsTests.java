package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Period;
import org.gpaction.membership.members.MembershipProperties;
import org.junit.jupiter.api.Test;

/** The joining and details pages state the periods the settings give, not the defaults they were written with. */
class SelfServicePeriodsTests {

    @Test
    void thePagesStateTheSettingsPeriods() {
        SelfServicePeriods periods = new SelfServicePeriods(new MembershipProperties(
                1,
                Duration.ofHours(24),
                Duration.ofMinutes(90),
                60,
                3,
                30,
                Duration.ofHours(1),
                Period.ofYears(2),
                Period.ofDays(7),
                Duration.ofSeconds(10),
                Duration.ofSeconds(10)));

        assertThat(periods.joiningLinkLifetime()).isEqualTo("24 hours");
        assertThat(periods.detailsLinkLifetime()).isEqualTo("1 hour and 30 minutes");
    }
}
