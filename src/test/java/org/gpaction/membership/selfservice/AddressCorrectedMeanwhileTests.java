package org.gpaction.membership.selfservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A change sent from a session while an import corrects the member's address is judged after the import, by the
 * address the import set: the session proved only that its holder reads the address before, so the change is refused
 * and the session signed out, as at its next page.
 */
@GpActionTest
class AddressCorrectedMeanwhileTests {

    private static final String ROLL_LOCK = "select pg_advisory_xact_lock(hashtext('membership.roll'))";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aRoleSentWhileAnImportCorrectsTheMembersAddressIsRefused_andTheSessionIsSignedOut() throws Exception {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        String practice = TestPractices.add(jdbc);
        Http member = members.signedIn(number);
        member.get("/my-details/edit");

        Http.Response answer = sentWhileAnImportCorrects(
                number,
                () -> member.postForm(
                        "/my-details/roles",
                        Map.of("role", "CONTRACTOR_PARTNER", "practiceOds", practice, "roleFrom", "2024-07-23")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        assertThat(answer.header("Location")).as("back to the sign-in page").endsWith("/my-details");
        assertThat(jdbc.sql("select count(*) from membership.member_role where membership_number = :n")
                        .param("n", number)
                        .query(Integer.class)
                        .single())
                .as("no role added")
                .isZero();
        assertThat(member.get("/my-details/edit").status()).as("signed out").isEqualTo(302);
    }

    @Test
    void aNewAddressAskedForWhileAnImportCorrectsTheMembersAddressIsRefused_andNoChangeWaits() throws Exception {
        SelfServiceMembers members = new SelfServiceMembers(jdbc, port);
        String number = members.member();
        Http member = members.signedIn(number);
        member.get("/my-details/edit");
        String asked = TestMailbox.uniqueAddress("asked-meanwhile");

        Http.Response answer =
                sentWhileAnImportCorrects(number, () -> member.postForm("/my-details/email", Map.of("email", asked)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(302);
        assertThat(answer.header("Location")).as("back to the sign-in page").endsWith("/my-details");
        assertThat(jdbc.sql("select count(*) from membership.email_change where membership_number = :n")
                        .param("n", number)
                        .query(Integer.class)
                        .single())
                .as("no change of address waiting")
                .isZero();
        assertThat(member.get("/my-details/edit").status()).as("signed out").isEqualTo(302);
    }

    /**
     * What the member's request got, sent while an import holds the roll and has changed their address: the import
     * commits once the request waits on the roll (or has been answered without waiting for it).
     */
    private Http.Response sentWhileAnImportCorrects(String number, java.util.concurrent.Callable<Http.Response> send)
            throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection importing = holding(dataSource, ROLL_LOCK)) {
            try (var correct =
                    importing.prepareStatement("update membership.member set email = ? where membership_number = ?")) {
                correct.setString(1, TestMailbox.uniqueAddress("corrected"));
                correct.setString(2, number);
                assertThat(correct.executeUpdate()).isOne();
            }
            int holder = LockWaits.backend(importing);
            Future<Http.Response> sent = thread.submit(send);
            // Waiting for this holder, not for a roll another context's job holds.
            await().atMost(Duration.ofSeconds(20)).until(() -> sent.isDone() || LockWaits.blockedBy(jdbc, holder) > 0);
            importing.commit();
            return sent.get(20, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
    }
}
