package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkSubjectsTests {

    @Test
    void anIpv4AddressIsItsOwnSubject() {
        assertThat(NetworkSubjects.of("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(NetworkSubjects.of("127.3.4.5")).isEqualTo("127.3.4.5");
    }

    @Test
    void everyIpv6AddressInOneSixtyFourIsOneSubject_howeverItIsWritten() {
        assertThat(NetworkSubjects.of("2001:db8::1")).isEqualTo("2001:db8:0:0::/64");
        assertThat(NetworkSubjects.of("2001:db8::b")).isEqualTo("2001:db8:0:0::/64");
        assertThat(NetworkSubjects.of("2001:0db8:0000:0000:ffff:ffff:ffff:ffff"))
                .isEqualTo("2001:db8:0:0::/64");
        assertThat(NetworkSubjects.of("2001:DB8:0:1::1")).isEqualTo("2001:db8:0:1::/64");
    }

    @Test
    void countedByFiftySix_every64OfOneFiftySixIsOneSubject_andIpv4IsUnchanged() {
        assertThat(NetworkSubjects.ofFiftySix("2001:db8:0:100::1")).isEqualTo("2001:db8:0:100::/56");
        assertThat(NetworkSubjects.ofFiftySix("2001:db8:0:1ff:ffff:ffff:ffff:ffff"))
                .isEqualTo("2001:db8:0:100::/56");
        assertThat(NetworkSubjects.ofFiftySix("2001:db8:0:200::1")).isEqualTo("2001:db8:0:200::/56");
        assertThat(NetworkSubjects.ofFiftySix("2001:db8::1")).isEqualTo("2001:db8:0:0::/56");
        assertThat(NetworkSubjects.ofFiftySix("192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(NetworkSubjects.ofFiftySix("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
    }

    @Test
    void anIpv4MappedIpv6AddressIsTheIpv4Address() {
        assertThat(NetworkSubjects.of("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(NetworkSubjects.of("0:0:0:0:0:ffff:c000:201")).isEqualTo("192.0.2.1");
    }

    @Test
    void whatIsNotAnAddressIsLeftAsItIsAndNeverLookedUp() {
        assertThat(NetworkSubjects.of("example.org")).isEqualTo("example.org");
        assertThat(NetworkSubjects.of("::zz")).isEqualTo("::zz");
        assertThat(NetworkSubjects.of(null)).isNull();
    }
}
