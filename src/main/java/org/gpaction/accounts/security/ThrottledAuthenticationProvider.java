package org.gpaction.accounts.security;

import java.time.Duration;
import java.util.Optional;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.TypedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.transaction.CannotCreateTransactionException;

/** Checks email and password, pausing an account or an address that has given too many wrong ones. */
class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ThrottledAuthenticationProvider.class);

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /**
     * Each try is counted against the account before its password is checked (a slow Argon2 hash), one account's
     * tries one at a time, and the account's pause refuses even the right password: that is what bounds a guesser, to
     * a few tries per account per window, however many they send at once. The address's pause is checked only once
     * the password has proved wrong, so it never refuses a right password from a shared address; a guesser there
     * learns any one account's password no faster than before, because every wrong try still counts against that
     * account. Across many accounts the address no longer caps the total: that is the price of never locking out
     * everyone behind a shared address.
     *
     * <p>An empty email address or password is refused before anything is counted ({@link SignInIncomplete}), and the
     * right password of a disabled account is refused as such and not counted ({@link AccountDisabled}).
     *
     * <p>When the database fails, the try is refused as not judged ({@link SignInUnavailable}), never as a wrong
     * password: a blip must neither tell someone their right password is wrong nor count against them. That includes
     * no connection to be had for the transaction that counts the try, which Spring reports as a transaction that
     * could not be begun, not as a data access failure.
     */
    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        try {
            return check(authentication);
        } catch (DataAccessException | CannotCreateTransactionException e) {
            throw new SignInUnavailable(e);
        }
    }

    private Authentication check(Authentication authentication) {
        String email = authentication.getName();
        String address = addressOf(authentication);
        Object password = authentication.getCredentials();
        boolean noPassword = password == null || password.toString().isEmpty();
        if (email.isBlank() || noPassword) {
            // Nothing was guessed: counting it would let empty submissions pause an account's holder.
            throw new SignInIncomplete(email.isBlank(), noPassword);
        }
        if (email.length() > StaffAccounts.MAX_EMAIL_LENGTH || TypedText.hasControlCharacters(email)) {
            // No account has such an address (nor could one with a NUL be looked up): it counts against the
            // network address only.
            Optional<Duration> paused = throttle.failedFromAddress(address);
            if (paused.isPresent()) {
                throw SignInPaused.address(paused.get());
            }
            throw new BadCredentialsException("No staff account has an email address like that");
        }
        long attempt = throttle.beforeChecking(email);
        Authentication result;
        try {
            result = passwords.authenticate(authentication);
        } catch (AuthenticationServiceException e) {
            // The account could not be looked up (the database failed): the password was never judged.
            throttle.notChecked(attempt);
            throw e;
        } catch (AccountDisabled e) {
            // The password proved right, so this was no guess: it stops counting, and the address is not counted.
            throttle.notChecked(attempt);
            throw e;
        } catch (AuthenticationException e) {
            // The account counted this try before it was checked; it stays counted, as failed.
            throttle.provedWrong(attempt);
            Optional<Duration> paused = throttle.failedFromAddress(address);
            if (paused.isPresent()) {
                throw SignInPaused.address(paused.get());
            }
            throw e;
        } catch (RuntimeException e) {
            throttle.notChecked(attempt);
            throw e;
        }
        try {
            throttle.succeeded(email);
        } catch (DataAccessException e) {
            // The password is right: the sign-in stands. Its failures, and this try, stay counted until their window
            // ends; only a run of such failures could pause the account, and the holder is in meanwhile.
            log.warn("A staff account signed in but its failed sign-in attempts could not be cleared", e);
        }
        return result;
    }

    private static String addressOf(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                        && details.getRemoteAddress() != null
                ? details.getRemoteAddress()
                : "unknown";
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
