package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.InvalidStaffDetails;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;

/**
 * Wrong passwords for one account sent all at once are checked only up to the account's limit: each is counted
 * before its slow check, so none can slip past while the others' checks are still running.
 */
@GpActionTest
@Import(MovingClocks.class)
class GuessesSentTogetherTests {

    static final int GUESSES = 20;

    static final String PASSWORD = "copper meadow lantern";

    @Autowired
    UserDetailsService staffUserDetails;

    @Autowired
    PasswordEncoder passwordEncoder;

    @Autowired
    SignInThrottle throttle;

    @Autowired
    AccountsProperties properties;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    MovingClock clock;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void wrongPasswordsSentTogetherAreCheckedOnlyUpToTheAccountsLimit() throws Exception {
        String email = "together-" + UUID.randomUUID() + "@gpaction.test";
        staffAccounts.create(
                new CreateStaffCommand(email, PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(staffUserDetails);
        passwords.setPasswordEncoder(passwordEncoder);

        for (int round = 0; round < 3; round++) {
            HeldChecks checks = new HeldChecks();
            AuthenticationProvider signIn = new ThrottledAuthenticationProvider(
                    new AuthenticationProvider() {
                        @Override
                        public Authentication authenticate(Authentication authentication) {
                            return checks.hold(() -> passwords.authenticate(authentication));
                        }

                        @Override
                        public boolean supports(Class<?> authentication) {
                            return true;
                        }
                    },
                    throttle);
            AtomicInteger guess = new AtomicInteger();

            List<String> outcomes = sendTogether(checks, () -> {
                try {
                    signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(
                            email, "guess number " + guess.incrementAndGet()));
                    return "signed in";
                } catch (SignInPaused e) {
                    return "paused";
                } catch (BadCredentialsException e) {
                    return "wrong";
                }
            });

            assertOnlyTheLimitChecked(round, checks, outcomes);
            assertThatThrownBy(() ->
                            signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, PASSWORD)))
                    .as("round %d: the right password while paused", round)
                    .isInstanceOf(SignInPaused.class);

            clock.advance(properties.failureWindow().plusMinutes(1));
            assertThat(signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, PASSWORD))
                            .isAuthenticated())
                    .as("round %d: the right password once the pause is over", round)
                    .isTrue();
            assertThat(throttle.accountPausedFor(email)).isEmpty();
        }
    }

    @Test
    void wrongCurrentPasswordsSentTogetherAreCheckedOnlyUpToTheAccountsLimit() throws Exception {
        String email = "changing-" + UUID.randomUUID() + "@gpaction.test";
        StaffPrincipal staff = new StaffPrincipal(-1, email, "", StaffRole.RECEPTIONIST, Set.of(), null, true, 0);

        for (int round = 0; round < 3; round++) {
            HeldChecks checks = new HeldChecks();
            StaffAccounts slowChecks = mock(StaffAccounts.class);
            doAnswer(call -> PASSWORD.equals(call.getArgument(2))
                            ? 2L
                            : checks.hold(() -> {
                                throw new InvalidStaffDetails(
                                        Map.of("currentPassword", "Enter your current password correctly"));
                            }))
                    .when(slowChecks)
                    .changeOwnPassword(anyLong(), any(), any(), any(), any());
            AccountController account = new AccountController(mock(ApiTokens.class), slowChecks, throttle);

            List<String> outcomes = sendTogether(checks, () -> {
                var form = new AccountController.PasswordChange(
                        "a guess", "orchard lantern pebble", "orchard lantern pebble");
                var errors = new BeanPropertyBindingResult(form, "form");
                account.changePassword(
                        staff,
                        form,
                        errors,
                        new MockHttpServletRequest(),
                        new MockHttpServletResponse(),
                        new ExtendedModelMap(),
                        new RedirectAttributesModelMap());
                return errors.getFieldError("currentPassword").getCode().equals("paused") ? "paused" : "wrong";
            });

            assertOnlyTheLimitChecked(round, checks, outcomes);
            clock.advance(properties.failureWindow().plusMinutes(1));
            var form =
                    new AccountController.PasswordChange(PASSWORD, "orchard lantern pebble", "orchard lantern pebble");
            assertThat(account.changePassword(
                            staff,
                            form,
                            new BeanPropertyBindingResult(form, "form"),
                            new MockHttpServletRequest(),
                            new MockHttpServletResponse(),
                            new ExtendedModelMap(),
                            new RedirectAttributesModelMap()))
                    .as("round %d: the right password once the pause is over", round)
                    .isEqualTo("redirect:/account");
            assertThat(throttle.accountPausedFor(email)).isEmpty();
        }
    }

    /**
     * The right password sent many times at once (a script asking for tokens in parallel) is never refused as if the
     * account had been given wrong ones: tries still being checked hold the account's limit only until they prove
     * right, and then the rest are checked.
     */
    @Test
    void rightPasswordsSentTogetherAllSignInWhileOthersAreStillBeingChecked() throws Exception {
        String email = "right-together-" + UUID.randomUUID() + "@gpaction.test";
        staffAccounts.create(
                new CreateStaffCommand(email, PASSWORD, "RECEPTIONIST", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(staffUserDetails);
        passwords.setPasswordEncoder(passwordEncoder);
        HeldChecks checks = new HeldChecks();
        AuthenticationProvider signIn = new ThrottledAuthenticationProvider(
                new AuthenticationProvider() {
                    @Override
                    public Authentication authenticate(Authentication authentication) {
                        return checks.hold(() -> passwords.authenticate(authentication));
                    }

                    @Override
                    public boolean supports(Class<?> authentication) {
                        return true;
                    }
                },
                throttle);
        ExecutorService clients = Executors.newFixedThreadPool(GUESSES);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < GUESSES; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    try {
                        return signIn.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(email, PASSWORD))
                                        .isAuthenticated()
                                ? "signed in"
                                : "not signed in";
                    } catch (SignInPaused e) {
                        return "paused";
                    }
                }));
            }
            go.countDown();
            int limit = properties.failuresPerAccount();
            await().atMost(Duration.ofSeconds(60)).until(() -> checks.checked.get() == limit);
            // The others arrive while the account's limit is taken by tries whose checks have not finished.
            Thread.sleep(1000);
            assertThat(checks.finished)
                    .as("checks finished before the others arrived")
                    .hasValue(0);
            checks.release.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(outcomes)
                    .as("the right password sent %d times at once", GUESSES)
                    .containsOnly("signed in")
                    .hasSize(GUESSES);
            assertThat(throttle.accountPausedFor(email)).isEmpty();
        } finally {
            clients.shutdownNow();
        }
    }

    private void assertOnlyTheLimitChecked(int round, HeldChecks checks, List<String> outcomes) {
        int limit = properties.failuresPerAccount();
        assertThat(checks.checked).as("round %d: passwords checked", round).hasValue(limit);
        assertThat(checks.mostAtOnce)
                .as("round %d: checks running at once (the guesses raced)", round)
                .hasValue(limit);
        assertThat(outcomes.stream().filter("wrong"::equals))
                .as("round %d: told wrong", round)
                .hasSize(limit);
        assertThat(outcomes.stream().filter("paused"::equals))
                .as("round %d: refused as paused", round)
                .hasSize(GUESSES - limit);
    }

    /**
     * Sends every guess at once, and lets the password checks finish only once the account's limit of them is being
     * checked and the rest have been sent (refused, or waiting for those checks), so that every guess was sent while
     * no check had yet found its password wrong.
     */
    private List<String> sendTogether(HeldChecks checks, Callable<String> guess) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(GUESSES);
        try {
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger started = new AtomicInteger();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < GUESSES; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    started.incrementAndGet();
                    return guess.call();
                }));
            }
            go.countDown();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> checks.checked.get() == properties.failuresPerAccount() && started.get() == GUESSES);
            // The rest reach the account's count meanwhile, and find its limit taken by the tries being checked.
            Thread.sleep(1000);
            assertThat(started).as("guesses sent before any check finished").hasValue(GUESSES);
            assertThat(checks.finished)
                    .as("checks finished before every guess was sent")
                    .hasValue(0);
            checks.release.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> answer : answers) {
                outcomes.add(answer.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            clients.shutdownNow();
        }
    }

    /** Password checks held until released, counting how many were made and how many ran at once. */
    static final class HeldChecks {

        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();

        <T> T hold(Supplier<T> check) {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            checked.incrementAndGet();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("The checks were never released");
                }
                return check.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } finally {
                running.decrementAndGet();
                finished.incrementAndGet();
            }
        }
    }
}
