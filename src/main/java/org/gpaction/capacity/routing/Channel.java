package org.gpaction.capacity.routing;

/** How a request reached the practice. */
public enum Channel {
    RECEPTION,
    ONLINE,
    NHS111
}
