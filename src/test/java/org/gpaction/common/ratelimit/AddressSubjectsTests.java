package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every limit by network address counts an IPv6 address as its /64, however the caller names it, and keeps only a keyed
 * hash of it.
 */
@GpActionTest
class AddressSubjectsTests {

    enum Kind implements FailedAttempts.Kind {
        ADDRESS_SUBJECTS,
        SUBJECTS_GIVEN {
            @Override
            public FailedAttempts.Counted counted() {
                return FailedAttempts.Counted.PER_SUBJECT_GIVEN;
            }
        }
    }

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Networks networks;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anAddressIsKeptOnlyAsAKeyedHashOfItsNetwork_whileASubjectGivenIsKeptAsGiven() {
        String network = "2001:db8:" + Integer.toHexString((int) (Math.random() * 0xffff)) + ":9";
        String given = "fingerprint-" + UUID.randomUUID();
        long before = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();

        attempts.record(Kind.ADDRESS_SUBJECTS, network + "::1");
        attempts.admit(Kind.ADDRESS_SUBJECTS, network + "::2", 3, Duration.ofMinutes(15));
        attempts.record(Kind.SUBJECTS_GIVEN, given);

        Map<String, List<String>> kept = new HashMap<>();
        jdbc.sql("select kind, subject from common.failed_attempt where id > :before and kind like '%SUBJECTS%'")
                .param("before", before)
                .query((rs, row) -> kept.computeIfAbsent(rs.getString("kind"), kind -> new ArrayList<>())
                        .add(rs.getString("subject")))
                .list();
        assertThat(kept.get("ADDRESS_SUBJECTS"))
                .hasSize(2)
                .containsOnly(networks.fingerprint(network + "::3"))
                .allSatisfy(subject -> assertThat(subject).matches("[0-9a-f]{64}"));
        assertThat(kept.get("SUBJECTS_GIVEN")).containsExactly(given);
        attempts.clear(Kind.ADDRESS_SUBJECTS, network + "::1");
        attempts.clear(Kind.SUBJECTS_GIVEN, given);
        assertThat(jdbc.sql("select count(*) from common.failed_attempt where id > :before and kind like '%SUBJECTS%'")
                        .param("before", before)
                        .query(Integer.class)
                        .single())
                .as("cleared by what was given, as counted")
                .isZero();
    }

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
