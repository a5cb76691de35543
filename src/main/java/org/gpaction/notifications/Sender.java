package org.gpaction.notifications;

/**
 * Who a message is from, when not the application itself: the From header's name and address, and the Reply-To
 * address. The domain must let this application send for it (SPF, DKIM), or the message is likely filtered.
 */
public record Sender(String name, String address, String replyTo) {

    public Sender {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("A sender needs an address");
        }
    }

    /** From this name and address, with replies going back to the same address. */
    public static Sender of(String name, String address) {
        return new Sender(name, address, address);
    }
}
