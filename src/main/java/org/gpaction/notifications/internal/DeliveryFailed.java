package org.gpaction.notifications.internal;

/**
 * A message could not be handed on. Permanent failures (a recipient that is not an address) are not retried.
 * The reason never holds the body.
 */
class DeliveryFailed extends Exception {

    private final boolean permanent;

    DeliveryFailed(String reason, boolean permanent, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    boolean permanent() {
        return permanent;
    }
}
