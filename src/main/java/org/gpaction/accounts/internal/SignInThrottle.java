package org.gpaction.accounts.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.springframework.stereotype.Component;

/** The rule for guessing passwords: a few tries per account, more per network address, then a pause. */
@Component
public class SignInThrottle {

    private final FailedAttempts attempts;
    private final AccountsProperties properties;

    SignInThrottle(FailedAttempts attempts, AccountsProperties properties) {
        this.attempts = attempts;
        this.properties = properties;
    }

    public Optional<Duration> pausedFor(String email, String address) {
        Optional<Duration> account = attempts.pausedFor(
                SecretKind.SIGN_IN_ACCOUNT, key(email), properties.failuresPerAccount(), properties.failureWindow());
        Optional<Duration> network = attempts.pausedFor(
                SecretKind.SIGN_IN_ADDRESS, address, properties.failuresPerAddress(), properties.failureWindow());
        return account.isPresent() && network.isPresent()
                ? Optional.of(max(account.get(), network.get()))
                : account.or(() -> network);
    }

    public void failed(String email, String address) {
        attempts.record(SecretKind.SIGN_IN_ACCOUNT, key(email));
        attempts.record(SecretKind.SIGN_IN_ADDRESS, address);
    }

    public void succeeded(String email) {
        attempts.clear(SecretKind.SIGN_IN_ACCOUNT, key(email));
    }

    /** Other secrets tried from one address (API tokens, setup links) share the per-address allowance. */
    public Optional<Duration> pausedFor(SecretKind kind, String address) {
        return attempts.pausedFor(kind, address, properties.failuresPerAddress(), properties.failureWindow());
    }

    public void failed(SecretKind kind, String address) {
        attempts.record(kind, address);
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** "3 minutes", rounding up so that nobody is told to wait 0 minutes. */
    public static String describe(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
