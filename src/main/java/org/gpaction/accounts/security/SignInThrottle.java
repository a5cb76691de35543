package org.gpaction.accounts.security;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.common.KeyedHashes;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.common.ratelimit.RetryAfter;
import org.springframework.stereotype.Component;

/**
 * The rule for guessing passwords: a few wrong tries per account, more per network address, then a pause. A pause
 * refuses only what is wrong: a right password or a valid token works from an address that others there have made
 * fail (NHS practices share a few public addresses). An account's tries are counted under a {@linkplain KeyedHashes
 * keyed hash} of its email address, the same on every instance sharing the database, so that the database (or a backup
 * of it) does not tell who was failing to sign in.
 */
@Component
public class SignInThrottle {

    /** How long a try waits for others' checks to end, when only they hold the account's limit. */
    static final Duration WAIT_FOR_CHECKS = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 25;

    // Tries counted under the address itself, before this, would only stop matching; common's migration V4 deletes
    // them rather than keep the address for their day.
    private static final String PURPOSE = "GP Action failed sign-ins to one staff account";

    private final FailedAttempts attempts;
    private final KeyedHashes hashes;
    private final AccountsProperties properties;

    SignInThrottle(FailedAttempts attempts, KeyedHashes hashes, AccountsProperties properties) {
        this.attempts = attempts;
        this.hashes = hashes;
        this.properties = properties;
    }

    /** The pause an account is under after too many wrong passwords, from wherever they came. */
    Optional<Duration> accountPausedFor(String email) {
        return attempts.pausedFor(
                SecretKind.SIGN_IN_ACCOUNT,
                subject(email),
                properties.failuresPerAccount(),
                properties.failureWindow());
    }

    /**
     * Counts a password try against its account before the password is checked, as if it were wrong, so that tries
     * sent together are checked no more times than the account's limit; refuses it, counting nothing, while the
     * account is paused, even for the right password. A right password then {@linkplain #succeeded clears} the
     * account's count. When the limit is reached only by tries whose checks have not ended (the right password sent
     * several times at once), this waits for them, up to {@link #WAIT_FOR_CHECKS}, instead of refusing: each may prove
     * right, and only those that prove wrong hold against the account. No more tries are checked at once than the
     * limit, so a guesser sending many together still has only the limit's worth checked.
     *
     * @return the try's count, for {@link #provedWrong} or {@link #notChecked}
     * @throws SignInPaused while the account is paused
     */
    long beforeChecking(String email) {
        String subject = subject(email);
        long giveUpAt = System.nanoTime() + WAIT_FOR_CHECKS.toNanos();
        while (true) {
            try {
                return attempts.countBeforeChecking(
                        SecretKind.SIGN_IN_ACCOUNT,
                        subject,
                        properties.failuresPerAccount(),
                        properties.failureWindow(),
                        SignInPaused::account);
            } catch (SignInPaused paused) {
                if (System.nanoTime() - giveUpAt > 0
                        || !attempts.underLimitLeavingOutChecks(
                                SecretKind.SIGN_IN_ACCOUNT,
                                subject,
                                properties.failuresPerAccount(),
                                properties.failureWindow())) {
                    throw paused;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw paused;
                }
            }
        }
    }

    /** A try counted before its check that proved wrong: it stays counted against the account. */
    void provedWrong(long attempt) {
        attempts.provedWrong(attempt);
    }

    /** A try counted before its check that did not prove wrong (the password was never judged): it stops counting. */
    void notChecked(long attempt) {
        attempts.withdraw(attempt);
    }

    /** The pause an address is under after too many wrong passwords from it, to whichever accounts. */
    Optional<Duration> addressPausedFor(String address) {
        return attempts.pausedFor(
                SecretKind.SIGN_IN_ADDRESS, address, properties.failuresPerAddress(), properties.failureWindow());
    }

    /**
     * Counts a wrong password against its account always, and against the address unless the address is paused
     * already (so a paused address cannot keep itself paused for ever, and the table stays small).
     *
     * @return the pause the address was under before this failure, if any
     */
    Optional<Duration> failed(String email, String address) {
        attempts.record(SecretKind.SIGN_IN_ACCOUNT, subject(email));
        return failedFromAddress(address);
    }

    /** Counts a wrong try that no account can be blamed for against its address, unless it is paused already. */
    Optional<Duration> failedFromAddress(String address) {
        Optional<Duration> paused = addressPausedFor(address);
        if (paused.isEmpty()) {
            attempts.record(SecretKind.SIGN_IN_ADDRESS, address);
        }
        return paused;
    }

    void succeeded(String email) {
        attempts.clear(SecretKind.SIGN_IN_ACCOUNT, subject(email));
    }

    /**
     * A password chosen from a link emailed to the account's holder (a reset or an invitation) lifts the account's
     * pause: the link proves who they are, and whoever made the account pause must not keep them out of it.
     */
    public void passwordChosenFromLink(String email) {
        succeeded(email);
    }

    /** Other secrets tried from one address (API tokens, setup links) share the per-address allowance. */
    public Optional<Duration> pausedFor(SecretKind kind, String address) {
        return attempts.pausedFor(kind, address, properties.failuresPerAddress(), properties.failureWindow());
    }

    public void failed(SecretKind kind, String address) {
        attempts.record(kind, address);
    }

    /** What an account's tries are counted under, however its address was typed (capitals, spaces around it). */
    String subject(String email) {
        return hashes.of(PURPOSE, email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
    }

    /** "3 minutes", the wait's minutes as a page says them (rounded up, so never 0, nor short of its Retry-After). */
    static String describe(RetryAfter wait) {
        return wait.minutes() == 1 ? "1 minute" : wait.minutes() + " minutes";
    }
}
