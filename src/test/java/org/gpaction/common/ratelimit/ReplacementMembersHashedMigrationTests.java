package org.gpaction.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The upgrade to replacement requests counted per member under a keyed hash of the membership number, on a database of
 * its own at version 5 holding some counted under the number itself.
 */
class ReplacementMembersHashedMigrationTests {

    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void requestsCountedUnderAPlainMembershipNumberAreDeletedAndEveryOtherKept() {
        try (ScratchDatabase database = new ScratchDatabase("replacement_members_hashed", 2)) {
            database.migrate("common", MigrationVersion.fromVersion("5"));
            JdbcClient jdbc = database.jdbc();
            tried(jdbc, "REPLACEMENT_FOR_MEMBER", "M1000001");
            tried(jdbc, "REPLACEMENT_FOR_MEMBER", HASH);
            tried(jdbc, "REPLACEMENT_ASKED_JUST_NOW", HASH);
            tried(jdbc, "SIGN_IN_ACCOUNT", HASH);

            database.migrate("common", MigrationVersion.fromVersion("6"));

            assertThat(jdbc.sql("select kind || ' ' || subject from common.failed_attempt")
                            .query(String.class)
                            .list())
                    .containsExactlyInAnyOrder(
                            "REPLACEMENT_FOR_MEMBER " + HASH,
                            "REPLACEMENT_ASKED_JUST_NOW " + HASH,
                            "SIGN_IN_ACCOUNT " + HASH);
        }
    }

    private static void tried(JdbcClient jdbc, String kind, String subject) {
        jdbc.sql("insert into common.failed_attempt (kind, subject, at) values (:kind, :subject, now())")
                .param("kind", kind)
                .param("subject", subject)
                .update();
    }
}
