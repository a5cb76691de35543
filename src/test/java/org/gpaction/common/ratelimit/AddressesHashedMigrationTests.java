package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade to tries counted under keyed hashes of network addresses, on a database of its own at version 4 holding
 * tries counted under the addresses themselves.
 */
class AddressesHashedMigrationTests {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void triesCountedUnderAPlainAddressAreDeletedAndEveryOtherKept() {
        try (ScratchDatabase database = new ScratchDatabase("addresses_hashed", 2)) {
            database.migrate("common", MigrationVersion.fromVersion("4"));
            JdbcClient jdbc = database.jdbc();
            tried(jdbc, "SIGN_IN_ADDRESS", "192.0.2.7");
            tried(jdbc, "API_TOKEN_ADDRESS", "2001:db8:0:1::/64");
            tried(jdbc, "FRONT_DOOR_REQUEST", "127.0.0.1");
            tried(jdbc, "EVENT_LINK", "198.51.100.4");
            tried(jdbc, "JOIN_REQUEST", "203.0.113.9");
            tried(jdbc, "VOTING_LINK", HASH);
            tried(jdbc, "EMAILS_TO_ADDRESS", HASH);
            tried(jdbc, "SIGN_IN_ACCOUNT", HASH);
            tried(jdbc, "REPLACEMENT_FOR_MEMBER", "M1000001");

            database.migrate("common", MigrationVersion.fromVersion("5"));

            assertThat(jdbc.sql("select kind || ' ' || subject from common.failed_attempt")
                            .query(String.class)
                            .list())
                    .containsExactlyInAnyOrder(
                            "VOTING_LINK " + HASH,
                            "EMAILS_TO_ADDRESS " + HASH,
                            "SIGN_IN_ACCOUNT " + HASH,
                            "REPLACEMENT_FOR_MEMBER M1000001");
        }
    }

    private static void tried(JdbcClient jdbc, String kind, String subject) {
        jdbc.sql("insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, now())")
                .param("kind", kind)
                .param("subject", subject)
                .update();
    }
}
