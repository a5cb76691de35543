package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientsTests {

    /** Mail sends each of these to bob@x.com, so a limit per recipient must count them as one. */
    @Test
    void oneMailboxHasOneFingerprintHoweverItsAddressIsWritten() {
        String plain = Recipients.fingerprint("bob@x.com");
        assertThat(List.of("bob@x.com(1)", "bob@x.com(2)", "a<bob@x.com>", " BOB@X.COM ", "Bob <Bob@X.com> (home)"))
                .allSatisfy(written ->
                        assertThat(Recipients.fingerprint(written)).as(written).isEqualTo(plain));
        assertThat(Recipients.fingerprint("alice@x.com")).isNotEqualTo(plain);
        assertThat(Recipients.fingerprint("not an address")).isNotEqualTo(plain);
    }
}
