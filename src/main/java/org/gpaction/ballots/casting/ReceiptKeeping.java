package org.gpaction.ballots.casting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.gpaction.common.SecretTokens;

/**
 * Where one Confirm page's receipt is kept, and the key it is sealed with, both made from the voting link, the page's
 * own value and the page session. The link is never stored and the page's value only ever sits in the voter's form,
 * so whoever reads the database cannot find which kept receipt is whose, nor open one; another session, or another
 * page, makes another slot and finds nothing.
 */
final class ReceiptKeeping {

    private static final SecureRandom random = new SecureRandom();
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final byte[] slot;
    private final SecretKeySpec key;

    private ReceiptKeeping(byte[] slot, SecretKeySpec key) {
        this.slot = slot;
        this.key = key;
    }

    /** A fresh value for a Confirm page, sent back with its form. */
    static String newPage() {
        return SecretTokens.generate();
    }

    /**
     * The keeping for a Confirm sent from {@code page} in {@code sessionId}; none without both (a form from before
     * pages had a value, or a request without a session), when the vote is simply cast.
     */
    static Optional<ReceiptKeeping> of(String token, String page, String sessionId) {
        if (!SecretTokens.looksValid(token) || !SecretTokens.looksValid(page) || sessionId == null) {
            return Optional.empty();
        }
        byte[] link = token.getBytes(StandardCharsets.UTF_8);
        String context = page + "\n" + sessionId;
        return Optional.of(new ReceiptKeeping(
                derive(link, "kept receipt slot\n" + context),
                new SecretKeySpec(derive(link, "kept receipt key\n" + context), "AES")));
    }

    /**
     * The keeping for a vote sent to {@code POST /api/vote} with the client's own retry key, found again only by a retry
     * with the same link, key and choice. The key, like a page's value, is never stored, so whoever holds the used link
     * but not the key finds nothing, and cannot learn the choice by trying each option; a retry with another choice
     * finds nothing either, rather than a receipt for a vote it did not send. None for a key too short to be secret.
     */
    static Optional<ReceiptKeeping> ofRetry(String token, String retryKey, String choice) {
        if (!SecretTokens.looksValid(token) || !isRetryKey(retryKey) || choice == null) {
            return Optional.empty();
        }
        byte[] link = token.getBytes(StandardCharsets.UTF_8);
        String context = "api retry\n" + retryKey + "\n" + choice;
        return Optional.of(new ReceiptKeeping(
                derive(link, "kept receipt slot\n" + context),
                new SecretKeySpec(derive(link, "kept receipt key\n" + context), "AES")));
    }

    /**
     * The fewest characters of a retry key: 22 of the URL-safe alphabet hold 128 random bits. The most are those of any
     * secret the application takes, {@link SecretTokens#MAX_LENGTH}.
     */
    static final int SHORTEST_RETRY_KEY = 22;

    /**
     * Whether a client's retry key is long enough to be a secret and no longer than any secret taken: letters, digits,
     * hyphens and underscores.
     */
    static boolean isRetryKey(String key) {
        return key != null && key.length() >= SHORTEST_RETRY_KEY && SecretTokens.looksValid(key);
    }

    byte[] slot() {
        return slot.clone();
    }

    byte[] seal(String receipt) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(slot);
            byte[] sealed = cipher.doFinal(receipt.getBytes(StandardCharsets.UTF_8));
            byte[] kept = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, kept, NONCE_BYTES, sealed.length);
            return kept;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has AES-GCM", e);
        }
    }

    /** The receipt sealed here, or empty if these bytes were not sealed with this key (or were changed). */
    Optional<String> open(byte[] kept) {
        if (kept.length <= NONCE_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(kept, 0, NONCE_BYTES)));
            cipher.updateAAD(slot);
            byte[] receipt = cipher.doFinal(kept, NONCE_BYTES, kept.length - NONCE_BYTES);
            return Optional.of(new String(receipt, StandardCharsets.UTF_8));
        } catch (javax.crypto.AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has AES-GCM", e);
        }
    }

    private static byte[] derive(byte[] link, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(link, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HMAC-SHA256", e);
        }
    }
}
