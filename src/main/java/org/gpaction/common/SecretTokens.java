package org.gpaction.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets handed to people (setup links, API tokens, voting links): 256 random bits, URL-safe. Only their
 * SHA-256 is ever stored, and the secret itself is never logged.
 */
public final class SecretTokens {

    private static final SecureRandom random = new SecureRandom();
    /**
     * The most characters of any secret the application takes, a client's own too: {@link #looksValid} refuses more.
     */
    public static final int MAX_LENGTH = 64;

    private SecretTokens() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static final java.util.regex.Pattern TOKEN_LIKE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{40,}");

    /** The text with anything that could be a token (a run of 40 or more URL-safe characters) blanked, for logs. */
    public static String redact(String text) {
        return text == null ? null : TOKEN_LIKE.matcher(text).replaceAll("[redacted]");
    }

    /**
     * Whether a string could be a token at all, so that junk is refused before it reaches the database: only the
     * URL-safe Base64 alphabet {@link #generate} writes, not the letters and digits of other scripts.
     */
    public static boolean looksValid(String token) {
        return token != null
                && !token.isEmpty()
                && token.length() <= MAX_LENGTH
                && token.chars().allMatch(SecretTokens::inAlphabet);
    }

    private static boolean inAlphabet(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}
