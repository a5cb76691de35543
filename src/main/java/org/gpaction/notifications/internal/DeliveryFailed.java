package org.gpaction.notifications.internal;

/**
 * A message could not be handed on. Permanent failures (a recipient that is not an address) are not retried.
 * The reason never holds the body. One that {@link #mayHaveGone()} failed while the server was taking it: the connection
 * was lost before its answer, which may be all that was lost.
 */
class DeliveryFailed extends Exception {

    private final boolean permanent;
    private final boolean mayHaveGone;

    DeliveryFailed(String reason, boolean permanent, Throwable cause) {
        this(reason, permanent, false, cause);
    }

    DeliveryFailed(String reason, boolean permanent, boolean mayHaveGone, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
        this.mayHaveGone = mayHaveGone;
    }

    boolean permanent() {
        return permanent;
    }

    boolean mayHaveGone() {
        return mayHaveGone;
    }
}
