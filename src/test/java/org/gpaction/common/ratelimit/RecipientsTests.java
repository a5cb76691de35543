package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

@GpActionTest
class RecipientsTests {

    @Autowired
    Recipients recipients;

    @Autowired
    JdbcConnectionDetails database;

    /** Mail sends each of these to bob@x.com, so a limit per recipient must count them as one. */
    @Test
    void oneMailboxHasOneFingerprintHoweverItsAddressIsWritten() {
        String plain = recipients.fingerprint("bob@x.com");
        assertThat(List.of("bob@x.com(1)", "bob@x.com(2)", "a<bob@x.com>", " BOB@X.COM ", "Bob <Bob@X.com> (home)"))
                .allSatisfy(written ->
                        assertThat(recipients.fingerprint(written)).as(written).isEqualTo(plain));
        assertThat(recipients.fingerprint("alice@x.com")).isNotEqualTo(plain);
        assertThat(recipients.fingerprint("not an address")).isNotEqualTo(plain);
    }

    @Test
    void anotherInstanceOnTheDatabaseCountsTheSameMailbox_yetItsFingerprintIsNoPlainHash() {
        Recipients otherInstance = new Recipients(new KeyedHashes(database));
        assertThat(otherInstance.fingerprint("Bob <BOB@x.com>")).isEqualTo(recipients.fingerprint("bob@x.com"));
        assertThat(recipients.fingerprint("bob@x.com"))
                .isNotEqualTo(HexFormat.of().formatHex(SecretTokens.hash("bob@x.com")))
                .matches("[0-9a-f]{64}");
    }
}
