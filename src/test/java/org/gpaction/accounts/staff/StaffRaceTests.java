package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.StaffRole;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Administrators changing staff accounts at the same moment. */
@GpActionTest
class StaffRaceTests {

    private static final int CLIENTS = 8;
    private static final String ADMIN_PASSWORD = "harbour violet thimble";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    PasswordLinks passwordLinks;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    PasswordEncoder passwordEncoder;

    /** The last account and token made before the test: those after it are the test's (classes run one at a time). */
    long lastAccountBefore;

    long lastTokenBefore;

    @BeforeEach
    void noteTheLastAccountAndToken() {
        lastAccountBefore = lastId("accounts.staff");
        lastTokenBefore = lastId("accounts.api_token");
    }

    /**
     * No account the test made is left behind in the shared database (administrators among them, with a password this
     * class gives away), nor their sessions, tokens and links, which go with the account; nor may the test have made a
     * token on an account made before it, the bootstrap administrator's say, which would outlive it.
     */
    @AfterEach
    void removeTheAccountsMade() {
        jdbc.sql("""
                        delete from accounts.page_session
                        where principal_name in (select email from accounts.staff where id > :before)
                        """).param("before", lastAccountBefore).update();
        jdbc.sql("delete from accounts.staff where id > :before")
                .param("before", lastAccountBefore)
                .update();
        assertThat(jdbc.sql("select count(*) from accounts.api_token where id > :before and revoked_at is null")
                        .param("before", lastTokenBefore)
                        .query(Long.class)
                        .single())
                .as("live tokens the test made, left behind")
                .isZero();
    }

    /**
     * Eight creates of one address sent at once: every create takes the lock a staff change is checked under, so they
     * queue there and each checks the address after the one before it committed. The test holds the lock until all
     * eight are waiting for it, so they really overlapped; one account is made and seven are told it exists, each
     * refused by the check (no insert tried, so no identity spent on it). Eight, not more: each waiting request holds
     * a pool connection, and the scheduled jobs and the test's own polling need some left.
     */
    @Test
    void oneEmailCreatedEightTimesAtOnceMakesOneAccountAndTheRestAreToldItExists() throws Exception {
        String token = tokenOf(admin("creating-twice"));
        String email = TestMailbox.uniqueAddress("twice");
        long idsBefore = lastStaffId();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Http.Response>> answers = new TransactionTemplate(transactions).execute(status -> {
                holdFirstAdminLock();
                int holder = LockWaits.thisBackend(jdbc);
                List<Future<Http.Response>> sent = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    Http http = new Http(port);
                    sent.add(clients.submit(
                            () -> http.postJson("/api/staff", Map.of("email", email, "role", "SCRUTINEER"), token)));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.waitingBehind(jdbc, holder) >= CLIENTS);
                return sent;
            });
            int created = 0;
            for (Future<Http.Response> answer : answers) {
                Http.Response response = answer.get(120, TimeUnit.SECONDS);
                assertThat(response.status())
                        .as("no server error: %s", response.body())
                        .isLessThan(500);
                assertThat(response.status()).as(response.body()).isIn(201, 400);
                if (response.status() == 201) {
                    created++;
                } else {
                    assertThat(response.json().get("errors").findValuesAsString("message"))
                            .containsExactly("A staff account with this email address already exists");
                }
            }
            assertThat(created).as("accounts created").isOne();
            assertThat(jdbc.sql("select count(*) from accounts.staff where lower(email) = :email")
                            .param("email", email)
                            .query(Integer.class)
                            .single())
                    .isOne();
            assertThat(lastStaffId() - idsBefore)
                    .as("inserts tried: the seven were refused by the check, made after the first committed")
                    .isOne();
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * The unique index still has the last word over a row made outside the lock (here by the test, as a hand-made
     * insert or another tool would): a create that checked the address before that row committed is refused by the
     * index, answered as the check answers, and makes nothing. The test inserts the row and holds it uncommitted until
     * the create's insert waits on it.
     */
    @Test
    void anAddressInsertedOutsideTheLockAsItIsCreatedIsRefusedByTheIndexAsByTheCheck() throws Exception {
        String token = tokenOf(admin("creating-meanwhile"));
        String email = TestMailbox.uniqueAddress("inserted-meanwhile");
        long idsBefore = lastStaffId();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Http.Response> answer = new TransactionTemplate(transactions).execute(status -> {
                jdbc.sql("""
                                insert into accounts.staff (email, password_hash, password_set, role, enabled,
                                                            created_at, created_by, changed_at, changed_by)
                                values (:email, 'x', false, 'SCRUTINEER', true, now(), 'test', now(), 'test')
                                """).param("email", email).update();
                int holder = LockWaits.thisBackend(jdbc);
                Future<Http.Response> sent = client.submit(() ->
                        new Http(port).postJson("/api/staff", Map.of("email", email, "role", "SCRUTINEER"), token));
                await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.blockedBy(jdbc, holder) >= 1);
                return sent;
            });
            Http.Response refused = answer.get(60, TimeUnit.SECONDS);

            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("message"))
                    .containsExactly("A staff account with this email address already exists");
            assertThat(jdbc.sql("select count(*) from accounts.staff where lower(email) = :email")
                            .param("email", email)
                            .query(Integer.class)
                            .single())
                    .as("only the row inserted outside the lock")
                    .isOne();
            assertThat(lastStaffId() - idsBefore)
                    .as("inserts tried: the test's, and the create's refused by the index")
                    .isEqualTo(2);
        } finally {
            client.shutdownNow();
            // The row stood for one written by hand: no account is left behind with a made-up hash.
            jdbc.sql("delete from accounts.staff where lower(email) = :email")
                    .param("email", email)
                    .update();
        }
    }

    @Test
    void twoAdministratorsDisablingEachOtherAtOnceLeaveOneOfThemEnabled() throws Exception {
        ExecutorService admins = Executors.newFixedThreadPool(2);
        List<String> winners = new ArrayList<>();
        try {
            for (int round = 0; round < 50 && !(winners.contains("A") && winners.contains("B")); round++) {
                StaffAccount a = admin("a");
                StaffAccount b = admin("b");
                CountDownLatch go = new CountDownLatch(1);
                // Whose thread starts first changes round by round, so neither is favoured every time.
                Future<String> aDisablesB;
                Future<String> bDisablesA;
                if (round % 2 == 0) {
                    aDisablesB = admins.submit(() -> disable(go, b, a));
                    bDisablesA = admins.submit(() -> disable(go, a, b));
                } else {
                    bDisablesA = admins.submit(() -> disable(go, a, b));
                    aDisablesB = admins.submit(() -> disable(go, b, a));
                }
                go.countDown();
                List<String> outcomes =
                        List.of(aDisablesB.get(60, TimeUnit.SECONDS), bDisablesA.get(60, TimeUnit.SECONDS));

                assertThat(outcomes).as("round %d", round).containsExactlyInAnyOrder("disabled", "refused");
                boolean aWon = outcomes.get(0).equals("disabled");
                assertThat(staffAccounts.find(a.id()).orElseThrow().enabled())
                        .as("round %d: A enabled", round)
                        .isEqualTo(aWon);
                assertThat(staffAccounts.find(b.id()).orElseThrow().enabled())
                        .as("round %d: B enabled", round)
                        .isEqualTo(!aWon);
                winners.add(aWon ? "A" : "B");
            }
            assertThat(winners)
                    .as("who got there first, round by round: both orders ran")
                    .contains("A", "B");
        } finally {
            admins.shutdownNow();
        }
    }

    /**
     * A script asking for a token and a browser signing in, both with the old password, while the holder chooses a new
     * one from a reset link. Round by round the reset starts earlier or later than they do, so some sign in first
     * (and the reset must end what they got) and some after (and are refused); in every round, nothing signed in
     * with the old password works once the reset is done, however the two interleaved.
     */
    @Test
    void nothingSignedInWithTheOldPasswordOutlivesAResetMadeAtTheSameMoment() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        Set<String> seen = new TreeSet<>();
        Set<String> all = Set.of("token before", "token refused", "session before", "session refused");
        long attemptsBefore = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        try {
            for (int round = 0; round < 80 && (round < 41 || !seen.containsAll(all)); round++) {
                // Milliseconds the sign-ins start after the reset (before it, when negative): a sweep, then at random.
                long lead = round < 41
                        ? -300 + 15L * round
                        : java.util.concurrent.ThreadLocalRandom.current().nextLong(-300, 301);
                String email = TestMailbox.uniqueAddress("reset-race");
                String old = "copper heron lattice";
                StaffAccount account = staffAccounts.create(
                        new CreateStaffCommand(email, old, "SCRUTINEER", null, null),
                        TestAdmin.id(staffAccounts),
                        "test");
                passwordLinks.sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
                String linkToken =
                        TestMailbox.tokenIn(TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                                .firstLink());
                Http script = new Http(port);
                Http browser = new Http(port);
                browser.get("/sign-in");
                CountDownLatch go = new CountDownLatch(1);
                Future<Http.Response> tokenAnswer = threads.submit(() -> {
                    go.await();
                    Thread.sleep(Math.max(0, lead));
                    return script.postJson("/api/tokens", Map.of("email", email, "password", old, "name", "race"));
                });
                Future<Http.Response> signInAnswer = threads.submit(() -> {
                    go.await();
                    Thread.sleep(Math.max(0, lead));
                    return browser.postForm("/sign-in", Map.of("email", email, "password", old));
                });
                Future<Boolean> reset = threads.submit(() -> {
                    go.await();
                    Thread.sleep(Math.max(0, -lead));
                    return passwordLinks
                            .choose(linkToken, "walnut ember cascade")
                            .isPresent();
                });
                go.countDown();
                assertThat(reset.get(60, TimeUnit.SECONDS))
                        .as("round %d: reset", round)
                        .isTrue();
                Http.Response token = tokenAnswer.get(60, TimeUnit.SECONDS);
                Http.Response signIn = signInAnswer.get(60, TimeUnit.SECONDS);

                if (token.status() == 201) {
                    seen.add("token before");
                    assertThat(new Http(port)
                                    .get(
                                            "/api/tokens",
                                            token.json().get("token").asString())
                                    .status())
                            .as(
                                    "round %d (lead %d ms): a token issued with the old password, after the reset",
                                    round, lead)
                            .isEqualTo(401);
                } else {
                    seen.add("token refused");
                    assertThat(token.status())
                            .as("round %d: %s", round, token.body())
                            .isIn(401, 429);
                }
                if (signIn.status() == 302 && !signIn.header("location").contains("/sign-in")) {
                    seen.add("session before");
                    Http.Response page = browser.get("/account");
                    assertThat(page.status())
                            .as(
                                    "round %d (lead %d ms): a session signed in with the old password, after the reset",
                                    round, lead)
                            .isEqualTo(302);
                    assertThat(page.header("location")).endsWith("/sign-in");
                } else {
                    seen.add("session refused");
                }
                // Each refused sign-in is a wrong password from this address: not left to pause it for other tests.
                // Only this test's are deleted: another test class's may be there for its own checks.
                jdbc.sql("delete from common.failed_attempt where kind = 'SIGN_IN_ADDRESS' and id > :before")
                        .param("before", attemptsBefore)
                        .update();
            }
            assertThat(seen)
                    .as("sign-ins that came before the reset and after it, for tokens and sessions")
                    .containsAll(all);
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Someone who knows the old password changes it under Your account just as its holder chooses a new one from a
     * reset link: the change, checked against the old password before the reset committed, is refused once it has,
     * so the reset's password stands and the old password's session ends.
     */
    @Test
    void aPasswordChangeMadeWithTheOldPasswordAsAResetIsChosenIsRefusedAndTheResetStands() throws Exception {
        String email = TestMailbox.uniqueAddress("change-race");
        String old = "copper heron lattice";
        StaffAccount account = staffAccounts.create(
                new CreateStaffCommand(email, old, "SCRUTINEER", null, null), TestAdmin.id(staffAccounts), "test");
        passwordLinks.sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
        String linkToken = TestMailbox.tokenIn(TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                .firstLink());
        Http oldPassword = new Http(port);
        oldPassword.signIn(email, old);
        oldPassword.get("/account/password");
        long attemptsBefore = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Http.Response> answer = new TransactionTemplate(transactions).execute(status -> {
                // The reset holds the account's row until it commits, while the change is being made.
                assertThat(passwordLinks.choose(linkToken, "walnut ember cascade"))
                        .isPresent();
                Future<Http.Response> sent = client.submit(() -> oldPassword.postForm(
                        "/account/password",
                        Map.of(
                                "currentPassword", old,
                                "newPassword", "orchard lantern pebble",
                                "confirmPassword", "orchard lantern pebble")));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> LockWaits.waiting(jdbc, "update accounts.staff") > 0);
                return sent;
            });
            Http.Response change = answer.get(60, TimeUnit.SECONDS);

            assertThat(change.status()).as(change.body()).isEqualTo(400);
            assertThat(change.body()).contains("Enter your current password correctly");
        } finally {
            client.shutdownNow();
            // The refused change counted as a wrong password from this address: not left to pause it for others.
            jdbc.sql("delete from common.failed_attempt where kind = 'SIGN_IN_ADDRESS' and id > :before")
                    .param("before", attemptsBefore)
                    .update();
        }
        Http holder = new Http(port);
        holder.signIn(email, "walnut ember cascade");
        assertThat(holder.get("/account").status())
                .as("the password chosen from the reset link")
                .isEqualTo(200);
        assertThat(oldPassword.get("/account").status())
                .as("the session signed in with the old password")
                .isEqualTo(302);
    }

    /**
     * A person changes their password just as an administrator disables their account: the change, waiting to write
     * the account's row, is refused once the disabling commits, and tells them the account is disabled rather than
     * that the current password they gave was wrong, counting nothing against them. The password stays as it was.
     */
    @Test
    void aPasswordChangeMadeAsTheAccountIsDisabledIsToldItIsDisabledAndCountsNothing() throws Exception {
        String email = TestMailbox.uniqueAddress("change-disabled");
        String old = "copper heron lattice";
        StaffAccount account = staffAccounts.create(
                new CreateStaffCommand(email, old, "SCRUTINEER", null, null), TestAdmin.id(staffAccounts), "test");
        StaffAccount disabling = admin("disabling");
        Http browser = new Http(port);
        browser.signIn(email, old);
        browser.get("/account/password");
        long attemptsBefore = lastFailedAttempt();
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Http.Response> answer = new TransactionTemplate(transactions).execute(status -> {
                holdRow(account.id());
                Future<Http.Response> sent = client.submit(() -> browser.postForm(
                        "/account/password",
                        Map.of(
                                "currentPassword", old,
                                "newPassword", "orchard lantern pebble",
                                "confirmPassword", "orchard lantern pebble")));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> LockWaits.waiting(jdbc, "update accounts.staff") > 0);
                staffAccounts.disable(account.id(), disabling.id(), disabling.email());
                return sent;
            });
            Http.Response refused = answer.get(60, TimeUnit.SECONDS);

            assertThat(refused.status()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body())
                    .contains("There is a problem")
                    .contains("This account is disabled, so its password cannot be changed. Ask an administrator if it"
                            + " should be enabled again")
                    .doesNotContain("Enter your current password correctly");
            assertThat(signInAttemptsSince(attemptsBefore))
                    .as("wrong passwords counted")
                    .isZero();
        } finally {
            client.shutdownNow();
            forgetAddressAttemptsSince(attemptsBefore);
        }
        staffAccounts.enable(account.id(), disabling.id(), disabling.email());
        Http again = new Http(port);
        again.signIn(email, old);
        assertThat(again.get("/account").status())
                .as("the password as it was, once enabled again")
                .isEqualTo(200);
    }

    /**
     * A person's page was let through just before an administrator disabled their account, and the change of password
     * then reads the account after the disabling: it is told the account is disabled, as when the disabling comes a
     * moment later, rather than failing as if there were no such account. The password stays as it was.
     */
    @Test
    void aPasswordChangeThatReadsTheAccountOnceDisabledIsToldItIsDisabled() {
        String email = TestMailbox.uniqueAddress("change-after-disabled");
        String old = "copper heron lattice";
        StaffAccount account = staffAccounts.create(
                new CreateStaffCommand(email, old, "SCRUTINEER", null, null), TestAdmin.id(staffAccounts), "test");
        StaffAccount disabling = admin("disabling-first");
        staffAccounts.disable(account.id(), disabling.id(), disabling.email());

        assertThatThrownBy(() -> staffAccounts.changeOwnPassword(
                        account.id(), email, old, "orchard lantern pebble", "no-such-session"))
                .isInstanceOf(AccountDisabledMeanwhile.class);
        staffAccounts.enable(account.id(), disabling.id(), disabling.email());
        Http again = new Http(port);
        again.signIn(email, old);
        assertThat(again.get("/account").status())
                .as("the password as it was, once enabled again")
                .isEqualTo(200);
    }

    /**
     * A reset link is used just as an administrator disables its account. Each takes the account's row and the
     * link's, and once took them in opposite orders, so the two deadlocked and one was answered 500. The test holds
     * each side in turn part-way, with the other sent meanwhile: the disabling on the account's API token (after it
     * has the account's row, before the link's), and the choosing on the link's row. Either way both are answered,
     * the account ends disabled and the link unusable, with the old password if the disabling came first or the one
     * chosen if the choosing did; enabling the account again brings no link back.
     */
    @Test
    void aResetLinkUsedAsItsAccountIsDisabledAnswersBothAndLeavesTheAccountDisabled() throws Exception {
        String old = "copper heron lattice";
        String chosen = "walnut ember cascade";
        long attemptsBefore = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        try {
            for (boolean disablingFirst : List.of(true, false)) {
                String email = TestMailbox.uniqueAddress("disable-race");
                StaffAccount account = staffAccounts.create(
                        new CreateStaffCommand(email, old, "SCRUTINEER", null, null),
                        TestAdmin.id(staffAccounts),
                        "test");
                // A token for the disabling to revoke after it has taken the account's row, where the test holds it.
                assertThat(new Http(port)
                                .postJson("/api/tokens", Map.of("email", email, "password", old, "name", "race"))
                                .status())
                        .isEqualTo(201);
                passwordLinks.sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
                String link = URI.create(TestMailbox.awaitMessageTo(email, "Choose a new GP Action password")
                                .firstLink())
                        .getPath();
                Http holder = new Http(port);
                assertThat(holder.get(link).status()).isEqualTo(200);
                Http admin = new Http(port);
                admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
                admin.get("/admin/staff");
                Callable<Http.Response> disabling =
                        () -> admin.postForm("/admin/staff/" + account.id() + "/disable", Map.of());
                Callable<Http.Response> choosing =
                        () -> holder.postForm(link, Map.of("password", chosen, "confirmPassword", chosen));

                ExecutorService clients = Executors.newFixedThreadPool(2);
                Http.Response disabled;
                Http.Response chose;
                try {
                    List<Future<Http.Response>> answers = new TransactionTemplate(transactions).execute(status -> {
                        long test = jdbc.sql("select pg_backend_pid()")
                                .query(Long.class)
                                .single();
                        jdbc.sql(
                                        disablingFirst
                                                ? "select id from accounts.api_token where staff_id = :id for update"
                                                : "select id from accounts.password_link where staff_id = :id"
                                                        + " and used_at is null for update")
                                .param("id", account.id())
                                .query(Long.class)
                                .list();
                        Future<Http.Response> first = clients.submit(disablingFirst ? disabling : choosing);
                        long held = await().atMost(Duration.ofSeconds(60))
                                .until(() -> heldUpBy(test, test), Optional::isPresent)
                                .orElseThrow();
                        Future<Http.Response> second = clients.submit(disablingFirst ? choosing : disabling);
                        await().atMost(Duration.ofSeconds(60)).until(() -> heldUpBy(held, test), Optional::isPresent);
                        return disablingFirst ? List.of(first, second) : List.of(second, first);
                    });
                    disabled = answers.get(0).get(60, TimeUnit.SECONDS);
                    chose = answers.get(1).get(60, TimeUnit.SECONDS);
                } finally {
                    clients.shutdownNow();
                }

                String order = disablingFirst ? "disabling first" : "choosing first";
                assertThat(disabled.status())
                        .as("%s: the disabling, %s", order, disabled.body())
                        .isEqualTo(302);
                assertThat(disabled.header("location")).endsWith("/admin/staff");
                if (disablingFirst) {
                    assertThat(chose.status())
                            .as("%s: the choosing, %s", order, chose.body())
                            .isEqualTo(404);
                    assertThat(chose.body()).contains("This link does not work");
                } else {
                    assertThat(chose.status())
                            .as("%s: the choosing, %s", order, chose.body())
                            .isEqualTo(302);
                    assertThat(chose.header("location")).endsWith("/sign-in");
                }
                assertThat(staffAccounts.find(account.id()).orElseThrow().enabled())
                        .as(order)
                        .isFalse();
                String hash = jdbc.sql("select password_hash from accounts.staff where id = :id")
                        .param("id", account.id())
                        .query(String.class)
                        .single();
                assertThat(passwordEncoder.matches(disablingFirst ? old : chosen, hash))
                        .as("%s: the password", order)
                        .isTrue();
                assertThat(holder.get(link).status()).as("%s: the link", order).isEqualTo(404);
                staffAccounts.enable(account.id(), TestAdmin.id(staffAccounts), "test");
                assertThat(holder.get(link).status())
                        .as("%s: the link, once the account is enabled again", order)
                        .isEqualTo(404);
            }
        } finally {
            // The unusable link, opened, counted against this address: not left to pause it for other tests.
            jdbc.sql("delete from common.failed_attempt where kind = 'PASSWORD_LINK_ADDRESS' and id > :before")
                    .param("before", attemptsBefore)
                    .update();
        }
    }

    /**
     * An administrator sends a password reset link just as another disables the account. The reset once read the
     * account enabled before the disabling committed and stored its link after the disabling had ended the account's
     * links, so a disabled account kept a live link, which enabling it again brought back to life. The test holds the
     * account's earlier link, which both end, until both are waiting, one sent after the other has started, each way
     * round: either the link is made and then ended by the disabling, or the reset is refused and makes none.
     */
    @Test
    void aResetLinkSentAsItsAccountIsDisabledIsEndedOrNeverMade_soEnablingTheAccountBringsNoLinkBack()
            throws Exception {
        StaffAccount disabling = admin("disabling-reset");
        for (boolean resetFirst : List.of(true, false)) {
            String order = resetFirst ? "reset first" : "disabling first";
            StaffAccount account = staffAccounts.create(
                    new CreateStaffCommand(
                            TestMailbox.uniqueAddress("reset-disabled"),
                            "copper heron lattice",
                            "SCRUTINEER",
                            null,
                            null),
                    TestAdmin.id(staffAccounts),
                    "test");
            passwordLinks.sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL);
            // Sent, so its token is made before the test holds its row.
            TestMailbox.awaitMessageTo(account.email(), "Choose a new GP Action password");
            Callable<String> reset = () -> {
                try {
                    return passwordLinks
                            .sendReset(account.id(), TestAdmin.id(staffAccounts), TestAdmin.EMAIL)
                            .name();
                } catch (DisabledAccount e) {
                    return "refused";
                }
            };
            Callable<String> disable = () -> {
                staffAccounts.disable(account.id(), disabling.id(), disabling.email());
                return "disabled";
            };
            ExecutorService sides = Executors.newFixedThreadPool(2);
            String resetOutcome;
            try {
                List<Future<String>> outcomes = new TransactionTemplate(transactions).execute(status -> {
                    long test = jdbc.sql("select pg_backend_pid()")
                            .query(Long.class)
                            .single();
                    jdbc.sql(
                                    "select id from accounts.password_link where staff_id = :id and used_at is null for update")
                            .param("id", account.id())
                            .query(Long.class)
                            .single();
                    // The first side is the one that comes to wait for the link once it is sent, not any waiting so.
                    Set<Integer> before = LockWaits.waitingBackends(jdbc, "update accounts.password_link");
                    Future<String> first = sides.submit(resetFirst ? reset : disable);
                    int held = await().atMost(Duration.ofSeconds(60))
                            .until(
                                    () -> LockWaits.waitingBackends(jdbc, "update accounts.password_link").stream()
                                            .filter(backend -> !before.contains(backend))
                                            .findFirst(),
                                    Optional::isPresent)
                            .orElseThrow();
                    Future<String> second = sides.submit(resetFirst ? disable : reset);
                    // Waiting on any statement, for the first side or the test: where the second waits is what the
                    // fix changes. A stray waiter elsewhere in the database is not the second side.
                    await().atMost(Duration.ofSeconds(60)).until(() -> heldUpBy(held, test), Optional::isPresent);
                    return resetFirst ? List.of(first, second) : List.of(second, first);
                });
                resetOutcome = outcomes.get(0).get(60, TimeUnit.SECONDS);
                assertThat(outcomes.get(1).get(60, TimeUnit.SECONDS)).as(order).isEqualTo("disabled");
            } finally {
                sides.shutdownNow();
            }

            assertThat(resetOutcome).as("%s: the reset", order).isEqualTo(resetFirst ? "RESET" : "refused");
            assertThat(jdbc.sql("select count(*) from accounts.password_link where staff_id = :id")
                            .param("id", account.id())
                            .query(Integer.class)
                            .single())
                    .as("%s: links stored, the earlier one with the reset's if it was made", order)
                    .isEqualTo(resetFirst ? 2 : 1);
            staffAccounts.enable(account.id(), TestAdmin.id(staffAccounts), "test");
            assertThat(jdbc.sql("""
                                    select count(*) from accounts.password_link
                                    where staff_id = :id and used_at is null and expires_at > now()
                                    """)
                            .param("id", account.id())
                            .query(Integer.class)
                            .single())
                    .as("%s: links that work once the account is enabled again", order)
                    .isZero();
        }
    }

    /**
     * A backend, other than {@code side}, waiting on a lock that {@code side} or the test's own backend has: a side the
     * test sent, once it is held up, whatever lock it waits for.
     */
    private Optional<Long> heldUpBy(long side, long test) {
        return jdbc.sql("""
                        select pid from pg_stat_activity
                        where datname = current_database() and pid <> :side
                          and pg_blocking_pids(pid) && array[:side, :test]::int[]
                        order by pid
                        limit 1
                        """)
                .param("side", side)
                .param("test", test)
                .query(Long.class)
                .optional();
    }

    /**
     * A person clicks Change password twice (where the page's script does not stop the second click), so the same
     * change is posted twice at once: the second finds it already made. Both are answered as made, the change is made
     * once, the browser that made it stays signed in, the new password works and neither counts as a wrong password.
     * The test holds the account's row until both are waiting to write it.
     */
    @Test
    void aPasswordChangeSentTwiceAtOnceIsMadeOnceAndBothAreAnsweredAsMade() throws Exception {
        String email = TestMailbox.uniqueAddress("change-twice");
        String old = "copper heron lattice";
        String chosen = "orchard lantern pebble";
        StaffAccount account = staffAccounts.create(
                new CreateStaffCommand(email, old, "SCRUTINEER", null, null), TestAdmin.id(staffAccounts), "test");
        Http browser = new Http(port);
        browser.signIn(email, old);
        String form = browser.get("/account/password").body();
        long credentialsBefore = credentialsVersion(account.id());
        long attemptsBefore = lastFailedAttempt();
        Map<String, String> change = Map.of("currentPassword", old, "newPassword", chosen, "confirmPassword", chosen);
        ExecutorService clicks = Executors.newFixedThreadPool(2);
        try {
            List<Future<Http.Response>> sent = new TransactionTemplate(transactions).execute(status -> {
                holdRow(account.id());
                List<Future<Http.Response>> posts = List.of(
                        clicks.submit(() -> browser.postForm("/account/password", change)),
                        clicks.submit(() -> browser.postForm("/account/password", change)));
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> LockWaits.waiting(jdbc, "update accounts.staff") >= 2);
                return posts;
            });
            for (Future<Http.Response> answer : sent) {
                Http.Response made = answer.get(60, TimeUnit.SECONDS);
                assertThat(made.status()).as(made.body()).isEqualTo(302);
                assertThat(made.header("location")).endsWith("/account");
            }
            assertThat(signInAttemptsSince(attemptsBefore))
                    .as("wrong passwords counted")
                    .isZero();
        } finally {
            clicks.shutdownNow();
            forgetAddressAttemptsSince(attemptsBefore);
        }
        assertThat(credentialsVersion(account.id()))
                .as("the change was made once")
                .isEqualTo(credentialsBefore + 1);
        assertThat(browser.get("/account").status())
                .as("the browser that made the change, still signed in")
                .isEqualTo(200);
        Http again = new Http(port);
        again.signIn(email, chosen);
        assertThat(again.get("/account").status()).as("the new password").isEqualTo(200);
        assertThat(form)
                .as("a second click is not even sent where the page's script runs")
                .contains("data-prevent-double-click=\"true\"");
    }

    @Test
    void aChangeFormOpenedBeforeAnotherAdministratorsChangeIsRefusedAndChangesNothing() {
        String first = TestPractices.add(jdbc);
        String second = TestPractices.add(jdbc);
        String email = TestMailbox.uniqueAddress("stale-form");
        long id = staffAccounts
                .create(
                        new CreateStaffCommand(email, null, "PRACTICE_MANAGER", List.of(first), null),
                        TestAdmin.id(staffAccounts),
                        "test")
                .id();
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String page = admin.get("/admin/staff/" + id + "/edit").body();
        Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page);
        assertThat(version.find()).as("the form carries the account's version").isTrue();
        Map<String, String> opened = Map.of(
                "email", email, "role", "PRACTICE_MANAGER", "practices", first, "lmc", "", "version", version.group(1));

        // Another administrator, on a Change page opened at the same time, gives the manager a second practice,
        // and the manager asks to be emailed about it.
        Map<String, String> adding = new HashMap<>(opened);
        adding.put("practices", first + ", " + second);
        assertThat(admin.postForm("/admin/staff/" + id, adding).status()).isEqualTo(302);
        jdbc.sql("insert into actions.subscription (ods_code, email, subscribed_at) values (:ods, :email, now())")
                .param("ods", second)
                .param("email", email)
                .update();

        Http.Response stale = admin.postForm("/admin/staff/" + id, opened);
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body())
                .contains("There is a problem")
                .contains("This account was changed by another administrator after you opened this page: check it as it"
                        + " is now and save again");
        assertThat(staffAccounts.find(id).orElseThrow().practices()).containsExactlyInAnyOrder(first, second);
        assertThat(jdbc.sql("select count(*) from actions.subscription where ods_code = :ods and email = :email")
                        .param("ods", second)
                        .param("email", email)
                        .query(Long.class)
                        .single())
                .as("the subscription to the practice given meanwhile is kept")
                .isOne();
    }

    /**
     * An administrator demotes another just as a third demotes them, so by the time theirs is checked they are no
     * longer an administrator: a conflict with the accounts as they now are, which the Change page answers with 409 as
     * the API does. The test holds the lock the check waits for and demotes the first administrator under it.
     */
    @Test
    void aDemotionRefusedSinceItsAdministratorWasDemotedMeanwhileAnswers409OnThePageAsThroughTheApi() throws Exception {
        StaffAccount target = admin("target");
        StaffAccount onPage = admin("page");
        Http page = new Http(port);
        page.signIn(onPage.email(), ADMIN_PASSWORD);
        Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"")
                .matcher(page.get("/admin/staff/" + target.id() + "/edit").body());
        assertThat(version.find()).as("the form carries the account's version").isTrue();
        Map<String, String> demoting = Map.of(
                "email", target.email(), "role", "SCRUTINEER", "practices", "", "lmc", "", "version", version.group(1));
        Http.Response pageRefused = refusedAsItsAdministratorIsDemoted(
                onPage, () -> page.postForm("/admin/staff/" + target.id(), demoting));

        StaffAccount throughApi = admin("api");
        String token = tokenOf(throughApi);
        Http.Response apiRefused = refusedAsItsAdministratorIsDemoted(
                throughApi,
                () -> new Http(port).putJson("/api/staff/" + target.id(), Map.of("role", "SCRUTINEER"), token));

        assertThat(apiRefused.status()).as(apiRefused.body()).isEqualTo(409);
        assertThat(apiRefused.body()).contains("You are no longer an enabled administrator");
        assertThat(pageRefused.status()).as("the Change page, as the API").isEqualTo(409);
        assertThat(pageRefused.body())
                .contains("There is a problem")
                .contains("You are no longer an enabled administrator (another administrator has just disabled or"
                        + " demoted you), so you cannot demote one");
        assertThat(staffAccounts.find(target.id()).orElseThrow().role()).isEqualTo(StaffRole.ADMIN);
    }

    /**
     * An administrator's request to create another administrator, already under way as a third demotes them, is
     * refused once they are no longer one: nobody is made an administrator by someone who has just stopped being one.
     * The test holds the lock the request's check waits for and demotes its administrator under it.
     */
    @Test
    void anAdministratorCreatedByOneBeingDemotedMeanwhileIsRefusedWith409AndNobodyIsCreated() throws Exception {
        StaffAccount creating = admin("creating");
        String token = tokenOf(creating);
        String email = TestMailbox.uniqueAddress("would-be-admin");

        Http.Response refused = refusedAsItsAdministratorIsDemoted(
                creating, () -> new Http(port).postJson("/api/staff", Map.of("email", email, "role", "ADMIN"), token));

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("You are no longer an enabled administrator (another administrator has just disabled or"
                        + " demoted you), so you cannot create an account");
        assertThat(jdbc.sql("select count(*) from accounts.staff where email = :email")
                        .param("email", email)
                        .query(Long.class)
                        .single())
                .as("accounts made")
                .isZero();
    }

    /** The same for enabling a disabled administrator again, through the API and from the staff list. */
    @Test
    void aDisabledAdministratorEnabledByOneBeingDemotedMeanwhileStaysDisabled() throws Exception {
        StaffAccount disabled = admin("disabled");
        StaffAccount enabling = admin("enabling");
        staffAccounts.disable(disabled.id(), enabling.id(), enabling.email());
        String token = tokenOf(enabling);

        Http.Response api = refusedAsItsAdministratorIsDemoted(
                enabling, () -> new Http(port).postJson("/api/staff/" + disabled.id() + "/enable", Map.of(), token));

        assertThat(api.status()).as(api.body()).isEqualTo(409);
        assertThat(api.body()).contains("so you cannot enable an account");
        assertThat(staffAccounts.find(disabled.id()).orElseThrow().enabled()).isFalse();

        StaffAccount onList = admin("enabling-list");
        Http list = new Http(port);
        list.signIn(onList.email(), ADMIN_PASSWORD);
        list.get("/admin/staff");
        Http.Response page = refusedAsItsAdministratorIsDemoted(
                onList, () -> list.postForm("/admin/staff/" + disabled.id() + "/enable", Map.of()));

        assertThat(page.status()).as("the staff list, as the API").isEqualTo(409);
        assertThat(page.body())
                .contains("There is a problem")
                .contains("so you cannot enable an account")
                .contains("Everyone who can sign in");
        assertThat(staffAccounts.find(disabled.id()).orElseThrow().enabled()).isFalse();
    }

    /**
     * A password link sent by an administrator being demoted meanwhile is refused once they are no longer one, through
     * the API (a reset) and from the staff list (Send invitation again), and no link is made: only an enabled
     * administrator has links sent. The test holds the lock the send's check waits for and demotes its administrator
     * under it.
     */
    @Test
    void aPasswordLinkSentByOneBeingDemotedMeanwhileIsRefusedWith409AndNoLinkIsMade() throws Exception {
        StaffAccount withPassword = staffAccounts.create(
                new CreateStaffCommand(
                        TestMailbox.uniqueAddress("reset-refused"), ADMIN_PASSWORD, "SCRUTINEER", null, null),
                TestAdmin.id(staffAccounts),
                "test");
        StaffAccount sending = admin("sending");
        String token = tokenOf(sending);

        Http.Response api = refusedAsItsAdministratorIsDemoted(
                sending,
                () -> new Http(port).postJson("/api/staff/" + withPassword.id() + "/password-reset", Map.of(), token));

        assertThat(api.status()).as(api.body()).isEqualTo(409);
        assertThat(api.body())
                .contains("You are no longer an enabled administrator (another administrator has just disabled or"
                        + " demoted you), so you cannot send a password link");
        assertThat(linksOf(withPassword.id())).as("links made for the account").isZero();

        StaffAccount invited = scrutineer("invite-refused");
        StaffAccount onList = admin("sending-list");
        Http list = new Http(port);
        list.signIn(onList.email(), ADMIN_PASSWORD);
        assertThat(list.get("/admin/staff").body()).contains("Send invitation again");
        Http.Response page = refusedAsItsAdministratorIsDemoted(
                onList, () -> list.postForm("/admin/staff/" + invited.id() + "/password-reset", Map.of()));

        assertThat(page.status()).as("the staff list, as the API").isEqualTo(409);
        assertThat(page.body())
                .contains("There is a problem")
                .contains("so you cannot send a password link")
                .contains("Everyone who can sign in");
        assertThat(linksOf(invited.id()))
                .as("links made for the account: its first invitation only")
                .isOne();
    }

    private long linksOf(long staffId) {
        return jdbc.sql("select count(*) from accounts.password_link where staff_id = :id")
                .param("id", staffId)
                .query(Long.class)
                .single();
    }

    private String tokenOf(StaffAccount administrator) {
        return new Http(port).apiToken(administrator.email(), ADMIN_PASSWORD);
    }

    /**
     * An administrator disables two accounts from the staff list at once (two tabs, or a second click before the page
     * came back), so two requests of one session each add its first flash message at the same moment. Both are done
     * and both are answered with the list, not with an error once their work was done. The test holds the lock both
     * disablings wait for until both are waiting.
     */
    @Test
    void twoAccountsDisabledAtOnceInOneSessionAreBothAnsweredAsDisabled() throws Exception {
        StaffAccount onList = admin("two-tabs");
        List<StaffAccount> disabling = List.of(scrutineer("first-tab"), scrutineer("second-tab"));
        Http list = new Http(port);
        list.signIn(onList.email(), ADMIN_PASSWORD);
        list.get("/admin/staff");
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        try {
            List<Future<Http.Response>> sent = new TransactionTemplate(transactions).execute(status -> {
                holdFirstAdminLock();
                int holder = LockWaits.thisBackend(jdbc);
                List<Future<Http.Response>> posts = disabling.stream()
                        .map(account ->
                                tabs.submit(() -> list.postForm("/admin/staff/" + account.id() + "/disable", Map.of())))
                        .toList();
                await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.blockedBy(jdbc, holder) >= 2);
                return posts;
            });
            for (Future<Http.Response> answer : sent) {
                Http.Response disabled = answer.get(60, TimeUnit.SECONDS);
                assertThat(disabled.status()).as(disabled.body()).isEqualTo(302);
                assertThat(disabled.header("location")).endsWith("/admin/staff");
            }
        } finally {
            tabs.shutdownNow();
        }
        for (StaffAccount account : disabling) {
            assertThat(staffAccounts.find(account.id()).orElseThrow().enabled())
                    .as(account.email())
                    .isFalse();
        }
        assertThat(list.get("/admin/staff").body()).contains("is disabled and can no longer sign in");
    }

    /**
     * Disabling from the staff list is refused as the Change page and the API refuse it: 409 when the accounts as
     * they now are need the administrator kept, 400 for one's own account, each with the list shown again.
     */
    @Test
    void aDisablingRefusedFromTheStaffListAnswersWithTheListAndChangesNothing() throws Exception {
        StaffAccount target = admin("target");
        StaffAccount onList = admin("list");
        Http list = new Http(port);
        list.signIn(onList.email(), ADMIN_PASSWORD);
        list.get("/admin/staff");

        Http.Response own = list.postForm("/admin/staff/" + onList.id() + "/disable", Map.of());
        assertThat(own.status()).as(own.body()).isEqualTo(400);
        assertThat(own.body())
                .contains("There is a problem")
                .contains("You cannot disable your own account")
                .contains("Everyone who can sign in");

        Http.Response refused = refusedAsItsAdministratorIsDemoted(
                onList, () -> list.postForm("/admin/staff/" + target.id() + "/disable", Map.of()));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.header("location")).isNull();
        assertThat(refused.body())
                .contains("There is a problem")
                .contains("You are no longer an enabled administrator (another administrator has just disabled or"
                        + " demoted you), so you cannot disable one")
                .contains("Everyone who can sign in");
        assertThat(staffAccounts.find(target.id()).orElseThrow().enabled()).isTrue();
    }

    /** The request, sent while its administrator is demoted, under the lock its check waits for. */
    private Http.Response refusedAsItsAdministratorIsDemoted(
            StaffAccount administrator, Callable<Http.Response> request) throws Exception {
        StaffAccount demoting = admin("demoting");
        ExecutorService client = Executors.newSingleThreadExecutor();
        try {
            Future<Http.Response> answer = new TransactionTemplate(transactions).execute(status -> {
                holdFirstAdminLock();
                int holder = LockWaits.thisBackend(jdbc);
                Future<Http.Response> sent = client.submit(request);
                await().atMost(Duration.ofSeconds(60)).until(() -> LockWaits.blockedBy(jdbc, holder) >= 1);
                staffAccounts.changeScope(
                        administrator.id(),
                        new CreateStaffCommand(administrator.email(), null, "SCRUTINEER", null, null),
                        demoting.id(),
                        demoting.email());
                return sent;
            });
            return answer.get(60, TimeUnit.SECONDS);
        } finally {
            client.shutdownNow();
        }
    }

    private String disable(CountDownLatch go, StaffAccount account, StaffAccount actor) throws InterruptedException {
        go.await();
        try {
            staffAccounts.disable(account.id(), actor.id(), actor.email());
            return "disabled";
        } catch (InvalidStaffDetails e) {
            assertThat(e.getMessage()).contains("no longer an enabled administrator");
            return "refused";
        }
    }

    private StaffAccount admin(String prefix) {
        return staffAccounts.create(
                new CreateStaffCommand(
                        TestMailbox.uniqueAddress("admin-" + prefix), ADMIN_PASSWORD, "ADMIN", null, null),
                TestAdmin.id(staffAccounts),
                "test");
    }

    private StaffAccount scrutineer(String prefix) {
        return staffAccounts.create(
                new CreateStaffCommand(TestMailbox.uniqueAddress(prefix), null, "SCRUTINEER", null, null),
                TestAdmin.id(staffAccounts),
                "test");
    }

    /** Holds, until the test's transaction ends, the lock every disabling or demotion of an account waits for. */
    private void holdFirstAdminLock() {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('accounts.first-admin'))")
                .query()
                .singleRow();
    }

    /** Holds the account's row until the test's transaction ends, as a change being made to it would. */
    private void holdRow(long id) {
        jdbc.sql("select id from accounts.staff where id = :id for update")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private long credentialsVersion(long id) {
        return jdbc.sql("select credentials_version from accounts.staff where id = :id")
                .param("id", id)
                .query(Long.class)
                .single();
    }

    private long lastFailedAttempt() {
        return jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
    }

    /** Wrong passwords counted since, against any account or address (test classes run one at a time). */
    private long signInAttemptsSince(long before) {
        return jdbc.sql("""
                        select count(*) from common.failed_attempt
                        where kind in ('SIGN_IN_ACCOUNT', 'SIGN_IN_ADDRESS') and id > :before
                        """).param("before", before).query(Long.class).single();
    }

    /** Not left to pause this address for other tests, should a change have counted as a wrong password. */
    private void forgetAddressAttemptsSince(long before) {
        jdbc.sql("delete from common.failed_attempt where kind = 'SIGN_IN_ADDRESS' and id > :before")
                .param("before", before)
                .update();
    }

    private long lastId(String table) {
        return jdbc.sql("select coalesce(max(id), 0) from " + table)
                .query(Long.class)
                .single();
    }

    /** Every insert tried spends an identity, whether or not the unique index then refuses the row. */
    private long lastStaffId() {
        return jdbc.sql("select pg_sequence_last_value(pg_get_serial_sequence('accounts.staff', 'id')::regclass)")
                .query(Long.class)
                .single();
    }
}
