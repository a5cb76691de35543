package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A member's change sent while an import holds the roll for longer than a change waits is told the roll is being
 * updated and to try again, and changes nothing; it is not left hanging, nor holding a connection, until the import
 * ends.
 */
@GpActionTest
@TestPropertySource(properties = "gpaction.membership.roll-wait=1s")
class RollBeingUpdatedTests {

    private static final String ROLL_LOCK = "select pg_advisory_xact_lock(hashtext('membership.roll'))";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aRoleAddedWhileAnImportHoldsTheRollIsToldToTryAgainInAMinute_andNothingChanges() throws Exception {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        String practice = TestPractices.add(jdbc);
        Http member = members.signedIn(number);
        member.get("/my-details/edit");

        ExecutorService thread = Executors.newSingleThreadExecutor();
        Http.Response answer;
        try (Connection importing = holding(dataSource, ROLL_LOCK)) {
            Future<Http.Response> sent = thread.submit(() -> member.postForm(
                    "/my-details/roles",
                    Map.of("role", "SALARIED", "practiceOds", practice, "roleFrom", "2024-07-23")));
            // Well past the one second the change may wait, and long before the import lets go.
            answer = sent.get(20, TimeUnit.SECONDS);
            importing.rollback();
        } finally {
            thread.shutdownNow();
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("60");
        assertThat(answer.body())
                .contains("<title>The membership roll is being updated")
                .contains("Try again in a minute")
                .contains("Nothing has been changed")
                .doesNotContain("give them this reference");
        assertThat(jdbc.sql("select count(*) from membership.member_role where membership_number = :n")
                        .param("n", number)
                        .query(Integer.class)
                        .single())
                .as("no role added")
                .isZero();
        assertThat(member.get("/my-details/edit").status())
                .as("still signed in")
                .isEqualTo(200);
    }
}
