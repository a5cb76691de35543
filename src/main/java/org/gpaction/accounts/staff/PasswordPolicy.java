package org.gpaction.accounts.staff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Long passwords beat complex ones, so the rule is length plus a refusal of the passwords attackers try first:
 * well-known passwords and keyboard runs, also with digits, symbols or letter swaps added, and the person's own
 * email address.
 */
@Component
class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;

    private static final String SEQUENCES =
            "abcdefghijklmnopqrstuvwxyz 0123456789 9876543210 zyxwvutsrqponmlkjihgfedcba"
                    + " qwertyuiop asdfghjkl zxcvbnm poiuytrewq lkjhgfdsa mnbvcxz 01234567890123456789 98765432109876543210";

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /** Why this password is refused, or empty when it is acceptable. */
    Optional<String> problem(String password, String email) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Enter a password");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("Password must be " + MIN_LENGTH + " characters or more");
        }
        if (length > MAX_LENGTH) {
            return Optional.of("Password must be " + MAX_LENGTH + " characters or fewer");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (isCommon(lower) || isRun(lower)) {
            return Optional.of(
                    "Password is too easy to guess: it is a common password. Try three or four random words");
        }
        if (email != null && !email.isBlank()) {
            String address = email.strip().toLowerCase(Locale.ROOT);
            String localPart = address.contains("@") ? address.substring(0, address.indexOf('@')) : address;
            if (lower.contains(address)
                    || (localPart.length() >= 4 && stem(lower).equals(stem(localPart)))) {
                return Optional.of("Password must not be your email address");
            }
        }
        return Optional.empty();
    }

    private boolean isCommon(String lower) {
        String stem = stem(lower);
        String plain = unswapped(stem);
        return common.contains(lower)
                || common.contains(stem)
                || common.contains(plain)
                || common.contains(stem(unswapped(lower)))
                || isRepeatedCommon(plain);
    }

    private boolean isRepeatedCommon(String stem) {
        for (int size = 1; size <= stem.length() / 2; size++) {
            if (stem.length() % size == 0 && stem.equals(stem.substring(0, size).repeat(stem.length() / size))) {
                String unit = stem.substring(0, size);
                return size < 4 || common.contains(unit);
            }
        }
        return false;
    }

    /** Keyboard and alphabet runs, and a single character repeated, whatever is added around them. */
    private static boolean isRun(String lower) {
        if (lower.codePoints().distinct().count() <= 2) {
            return true;
        }
        String letters = lower.replaceAll("[^a-z0-9]", "");
        return letters.length() >= 6 && SEQUENCES.contains(letters)
                || stem(lower).length() >= 6 && SEQUENCES.contains(stem(lower));
    }

    /** The word left when digits and symbols are trimmed from both ends: "Password123!" becomes "password". */
    private static String stem(String lower) {
        return lower.replaceAll("^[^a-z]+", "").replaceAll("[^a-z]+$", "").replace(" ", "");
    }

    private static String unswapped(String lower) {
        return lower.replace('@', 'a')
                .replace('4', 'a')
                .replace('3', 'e')
                .replace('1', 'i')
                .replace('!', 'i')
                .replace('0', 'o')
                .replace('$', 's')
                .replace('5', 's')
                .replace('7', 't');
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("/accounts/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("accounts/common-passwords.txt is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
