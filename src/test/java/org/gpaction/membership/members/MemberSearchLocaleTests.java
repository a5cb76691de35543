package org.gpaction.membership.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.membership.Member;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The roll is searched the same whatever language the server runs in. */
@GpActionTest
class MemberSearchLocaleTests {

    @Autowired
    MemberRepository members;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNameTypedInCapitalsIsFoundOnAServerRunningInTurkish() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String number = "LOC" + tag.toUpperCase(Locale.ROOT);
        jdbc.sql("""
                        insert into membership.member (membership_number, gmc_number, given_name, family_name, email,
                            status, status_since, joined_on, updated_at)
                        values (:n, :gmc, 'Ida', :family, lower(:n) || '@member-search.test', 'ACTIVE',
                            date '2015-01-01', date '2015-01-01', :now)
                        """)
                .param("n", number)
                .param("gmc", String.valueOf(ThreadLocalRandom.current().nextInt(8_000_000, 9_000_000)))
                .param("family", "Irmak" + tag)
                .param("now", Timestamp.from(Instant.now()))
                .update();

        Locale before = Locale.getDefault();
        List<Member> found;
        try {
            // In Turkish a capital I lower-cases to a dotless i, which no name on the roll holds.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            found = members.search("IDA IRMAK" + tag.toUpperCase(Locale.ROOT), 50, 0);
        } finally {
            Locale.setDefault(before);
        }

        assertThat(found).extracting(Member::membershipNumber).containsExactly(number);
    }
}
