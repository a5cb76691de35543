package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every limit by network address counts an IPv6 address as its /64, however the caller names it. */
@GpActionTest
class AddressSubjectsTests {

    enum Kind implements FailedAttempts.Kind {
        ADDRESS_SUBJECTS
    }

    @Autowired
    FailedAttempts attempts;

    @Test
    void freshAddressesFromOneSixtyFourShareItsCountAndOtherNetworksDoNot() {
        String network = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":7";
        attempts.clear(Kind.ADDRESS_SUBJECTS, network + "::1");
        for (int host = 1; host <= 3; host++) {
            attempts.record(Kind.ADDRESS_SUBJECTS, network + "::" + host);
        }
        assertThat(attempts.pausedFor(Kind.ADDRESS_SUBJECTS, network + "::ffff:1", 3, Duration.ofMinutes(15)))
                .as("a fourth address of the same /64")
                .isPresent();
        assertThat(attempts.admit(Kind.ADDRESS_SUBJECTS, network + "::99", 3, Duration.ofMinutes(15)))
                .isFalse();
        assertThat(attempts.pausedFor(
                        Kind.ADDRESS_SUBJECTS, network.replace(":7", ":8") + "::1", 3, Duration.ofMinutes(15)))
                .as("the next /64")
                .isEmpty();
        attempts.clear(Kind.ADDRESS_SUBJECTS, network + "::42");
        assertThat(attempts.pausedFor(Kind.ADDRESS_SUBJECTS, network + "::1", 3, Duration.ofMinutes(15)))
                .as("cleared for the whole /64")
                .isEmpty();
    }
}
