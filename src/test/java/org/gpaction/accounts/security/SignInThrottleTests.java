package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@GpActionTest
class SignInThrottleTests {

    @Autowired
    FailedAttempts attempts;

    @Test
    void oneAddressFailingAcrossManyAccountsIsPausedAtItsOwnLimit() {
        SignInThrottle throttle = new SignInThrottle(
                attempts, new AccountsProperties(5, 3, Duration.ofMinutes(15), Duration.ofHours(24)));
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
                attempts, new AccountsProperties(2, 100, Duration.ofMinutes(15), Duration.ofHours(24)));
        String email = UUID.randomUUID() + "@x.test";
        throttle.failed(email, "192.0.2.1");
        throttle.succeeded(email);
        throttle.failed(email, "192.0.2.1");
        assertThat(throttle.accountPausedFor(email)).isEmpty();
        throttle.failed(email, "192.0.2.1");
        assertThat(throttle.accountPausedFor(email)).isPresent();
    }
}
