package org.gpaction.notifications;

import java.util.Optional;

/**
 * Makes the single-use links of one category of email at the moment each message is sent, inside the sending
 * transaction, so that the secret in a link is never stored: only what the module keeps of it (its hash).
 */
public interface SecretLinks {

    /** The {@link Email#category()} this serves. */
    String category();

    /**
     * A fresh link for what the reference names, replacing any made before for it; empty when the message is no
     * longer wanted, and it is then withdrawn unsent.
     */
    Optional<String> mint(String reference);

    /**
     * As {@link #mint}, for a message an earlier attempt began handing to the mail server without its outcome being
     * recorded (the instance stopped): that copy may have been delivered, so a module that counts the messages that went
     * keeps counting this one even if it now withdraws it.
     */
    default Optional<String> mintAfterUnrecordedAttempt(String reference) {
        return mint(reference);
    }

    /**
     * Whether a message of this category withdrawn unsent has its address removed at once: true where a withdrawal
     * means the address is nobody the application keeps (no member's, or a request since deleted), so the outbox
     * does not keep it either.
     */
    default boolean forgetsAddressOfWithdrawn() {
        return false;
    }
}
