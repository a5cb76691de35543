package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GpActionTest
class SignInThrottleTests {

    @Autowired
    FailedAttempts attempts;

    @Autowired
    KeyedHashes hashes;

    @Autowired
    SignInThrottle signInThrottle;

    @Autowired
    AccountsProperties properties;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void wrongPasswordsAreCountedUnderAKeyedHashThatKeepsNoPartOfTheAddressAndStillPauseTheAccountAtTheLimit() {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String email = "hashed." + mark + "@surgery.test";
        String password = "juniper quartz saddle";
        staffAccounts.create(
                new CreateStaffCommand(email, password, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        long before = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        Http browser = new Http(port);
        browser.get("/sign-in");

        int limit = properties.failuresPerAccount();
        for (int i = 1; i < limit; i++) {
            browser.postForm("/sign-in", Map.of("email", email, "password", "guess number " + i));
        }
        assertThat(signInThrottle.accountPausedFor(email))
                .as("one short of the limit")
                .isEmpty();
        browser.postForm("/sign-in", Map.of("email", " " + email.toUpperCase() + " ", "password", "last guess"));
        assertThat(signInThrottle.accountPausedFor(email)).as("at the limit").isPresent();
        assertThat(browser.postForm("/sign-in", Map.of("email", email, "password", password))
                        .status())
                .as("the right password while paused")
                .isEqualTo(429);

        List<String> subjects =
                jdbc.sql("""
                        select subject from common.failed_attempt
                        where id > :before and kind = 'SIGN_IN_ACCOUNT'
                        """).param("before", before).query(String.class).list();
        assertThat(subjects).hasSize(limit).containsOnly(subjects.get(0));
        assertThat(subjects.get(0))
                .matches("[0-9a-f]{64}")
                .doesNotContainIgnoringCase(mark)
                .doesNotContainIgnoringCase("hashed")
                .doesNotContainIgnoringCase("surgery");
    }

    @Test
    void aFailedSignInKeepsNeitherTheEmailAddressNorTheNetworkAddressInClear_andThePrivacyNoticeSaysWhatIsKept() {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String email = "in.clear." + mark + "@surgery.test";
        staffAccounts.create(
                new CreateStaffCommand(
                        email, "juniper quartz saddle", "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        long before = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
        Http browser = new Http(port);
        browser.get("/sign-in");
        browser.postForm("/sign-in", Map.of("email", email, "password", "a wrong guess"));

        Map<String, List<String>> rows = new HashMap<>();
        jdbc.sql("""
                        select kind, to_jsonb(attempt)::text as row from common.failed_attempt attempt
                        where id > :before and kind in ('SIGN_IN_ACCOUNT', 'SIGN_IN_ADDRESS')
                        """)
                .param("before", before)
                .query((rs, row) -> rows.computeIfAbsent(rs.getString("kind"), kind -> new ArrayList<>())
                        .add(rs.getString("row")))
                .list();
        assertThat(rows)
                .as("the failed sign-in counted against its account and its address")
                .containsOnlyKeys("SIGN_IN_ACCOUNT", "SIGN_IN_ADDRESS");
        assertThat(rows.values().stream().flatMap(List::stream))
                .allSatisfy(row -> assertThat(row)
                        .as("every column of the row")
                        .doesNotContainIgnoringCase(mark)
                        .doesNotContainIgnoringCase("surgery")
                        .doesNotContain("127.0.0.1"));

        String notice = new Http(port).get("/privacy").body();
        int staff = notice.indexOf(">Staff</h2>");
        assertThat(staff).as("the notice's Staff section").isPositive();
        String staffSection =
                notice.substring(staff, notice.indexOf("<h2", staff)).replaceAll("\\s+", " ");
        assertThat(staffSection)
                .doesNotContainPattern("failed sign-in attempts \\((email|network) address")
                .contains("a one-way fingerprint of the email address tried and of the network address it came from,"
                        + " and the time");
    }

    @Test
    void wrongTriesFromAnAddressAreCountedUnderAKeyedHashThatKeepsNoPartOfItAndStillPauseItAtTheSameCount() {
        SignInThrottle throttle = new SignInThrottle(
                attempts, hashes, new AccountsProperties(5, 3, Duration.ofMinutes(15), Duration.ofHours(24)));
        String address = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);
        String network =
                "2001:db8:" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1, 0xffff)) + ":5";
        for (String from : List.of(address, network + "::1")) {
            attempts.clear(SecretKind.SIGN_IN_ADDRESS, from);
            attempts.clear(SecretKind.API_TOKEN_ADDRESS, from);
        }
        long before = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();

        for (int i = 0; i < 3; i++) {
            assertThat(throttle.addressPausedFor(address))
                    .as("after %d wrong passwords", i)
                    .isEmpty();
            throttle.failed(UUID.randomUUID() + "@x.test", address);
            assertThat(throttle.pausedFor(SecretKind.API_TOKEN_ADDRESS, network + "::" + (i + 1)))
                    .as("after %d bad tokens from the network", i)
                    .isEmpty();
            throttle.failed(SecretKind.API_TOKEN_ADDRESS, network + "::" + (i + 1));
        }
        assertThat(throttle.addressPausedFor(address)).as("at the limit").isPresent();
        assertThat(throttle.pausedFor(SecretKind.API_TOKEN_ADDRESS, network + "::99"))
                .as("at the limit, from any address of the network")
                .isPresent();

        Map<String, List<String>> kept = new HashMap<>();
        jdbc.sql("""
                        select kind, subject from common.failed_attempt
                        where id > :before and kind in ('SIGN_IN_ADDRESS', 'API_TOKEN_ADDRESS')
                        """)
                .param("before", before)
                .query((rs, row) -> kept.computeIfAbsent(rs.getString("kind"), kind -> new ArrayList<>())
                        .add(rs.getString("subject")))
                .list();
        assertThat(kept).containsOnlyKeys("SIGN_IN_ADDRESS", "API_TOKEN_ADDRESS");
        for (List<String> subjects : kept.values()) {
            assertThat(subjects).hasSize(3).containsOnly(subjects.get(0));
            assertThat(subjects.get(0))
                    .as("no address written out (no dot nor colon), nor a plain hash of one")
                    .matches("[0-9a-f]{64}")
                    .isNotIn(
                            plainHash(address),
                            plainHash(network + "::1"),
                            plainHash(network + ":0:0::/64"),
                            plainHash(network + "::/64"));
        }
    }

    private static String plainHash(String text) {
        return HexFormat.of().formatHex(SecretTokens.hash(text));
    }

    @Test
    void oneAddressFailingAcrossManyAccountsIsPausedAtItsOwnLimit() {
        SignInThrottle throttle = new SignInThrottle(
                attempts, hashes, new AccountsProperties(5, 3, Duration.ofMinutes(15), Duration.ofHours(24)));
        String address = "198.51.100." + (int) (Math.random() * 250);
        attempts.clear(SecretKind.SIGN_IN_ADDRESS, address);

        for (int i = 0; i < 3; i++) {
            assertThat(throttle.addressPausedFor(address)).isEmpty();
            throttle.failed(UUID.randomUUID() + "@x.test", address);
        }
        assertThat(throttle.addressPausedFor(address))
                .hasValueSatisfying(wait -> assertThat(wait).isBetween(Duration.ofMinutes(14), Duration.ofMinutes(15)));
        assertThat(throttle.accountPausedFor("fresh@x.test")).isEmpty();
        assertThat(throttle.addressPausedFor("203.0.113.9")).isEmpty();
    }

    @Test
    void aWindowLongerThanAttemptsAreKeptIsRefusedAtStartUp() {
        try (var validators = jakarta.validation.Validation.buildDefaultValidatorFactory()) {
            var validator = validators.getValidator();
            assertThat(validator.validate(new AccountsProperties(5, 20, Duration.ofDays(1), Duration.ofHours(24))))
                    .isEmpty();
            assertThat(validator.validate(new AccountsProperties(5, 20, Duration.ofDays(2), Duration.ofHours(24))))
                    .singleElement()
                    .satisfies(problem ->
                            assertThat(problem.getPropertyPath().toString()).isEqualTo("failureWindow"));
        }
    }

    @Test
    void aSuccessfulSignInForgetsTheAccountsFailures() {
        SignInThrottle throttle = new SignInThrottle(
                attempts, hashes, new AccountsProperties(2, 100, Duration.ofMinutes(15), Duration.ofHours(24)));
        String email = UUID.randomUUID() + "@x.test";
        throttle.failed(email, "192.0.2.1");
        throttle.succeeded(email);
        throttle.failed(email, "192.0.2.1");
        assertThat(throttle.accountPausedFor(email)).isEmpty();
        throttle.failed(email, "192.0.2.1");
        assertThat(throttle.accountPausedFor(email)).isPresent();
    }
}
