package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Choosing a password from a link hashes it, slow by design, and nothing waiting for the account waits for the hash:
 * the password encoder is the real one, only watched.
 */
@GpActionTest
class PasswordLinkHashingTests {

    private static final String OLD = "copper heron lattice";
    private static final String CHOSEN = "walnut ember cascade";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    PasswordLinks passwordLinks;

    @Autowired
    PlatformTransactionManager transactions;

    @MockitoSpyBean
    PasswordEncoder encoder;

    /**
     * A password is chosen from a reset link just as an administrator disables the account. The choosing once held
     * the account's row while it hashed the password, so the disabling waited for the hash. The test holds the row, as
     * the disabling would: by the time the choosing is seen waiting for it, the password has been hashed, so nothing
     * is left to hash once it has the row. The test then disables the account under the row it holds, and the link,
     * chosen after the disabling, does not work: the password stays as it was.
     */
    @Test
    void aPasswordChosenFromALinkIsHashedBeforeTheAccountIsHeld_soADisablingNeverWaitsForTheHash() throws Exception {
        String email = TestMailbox.uniqueAddress("hash-first");
        StaffAccount account = staffAccounts.create(
                new CreateStaffCommand(email, OLD, "SCRUTINEER", null, null), TestAdmin.id(staffAccounts), "test");
        StaffAccount disabling = staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress("admin-hash-first"), OLD, "ADMIN", null, null),
                TestAdmin.id(staffAccounts),
                "test");
        passwordLinks.sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
        String token = TestMailbox.tokenIn(TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                .firstLink());
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<PasswordLinks.Holder>> choosing = new TransactionTemplate(transactions).execute(status -> {
                jdbc.sql("select id from accounts.staff where id = :id for update")
                        .param("id", account.id())
                        .query(Long.class)
                        .single();
                Future<Optional<PasswordLinks.Holder>> sent = holder.submit(() -> passwordLinks.choose(token, CHOSEN));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> LockWaits.waiting(jdbc, "select id from accounts.staff") > 0);
                assertThat(hashesOf(CHOSEN))
                        .as("hashes of the chosen password made before the choosing waited for the account's row")
                        .isOne();
                staffAccounts.disable(account.id(), disabling.id(), disabling.email());
                return sent;
            });
            assertThat(choosing.get(60, TimeUnit.SECONDS))
                    .as("the link, chosen once the account was disabled")
                    .isEmpty();
        } finally {
            holder.shutdownNow();
        }
        String hash = jdbc.sql("select password_hash from accounts.staff where id = :id")
                .param("id", account.id())
                .query(String.class)
                .single();
        assertThat(encoder.matches(OLD, hash)).as("the password as it was").isTrue();
    }

    private long hashesOf(String password) {
        return Mockito.mockingDetails(encoder).getInvocations().stream()
                .filter(call -> call.getMethod().getName().equals("encode")
                        && password.contentEquals((CharSequence) call.getArgument(0)))
                .count();
    }
}
