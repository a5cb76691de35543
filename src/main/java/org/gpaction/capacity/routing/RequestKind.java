package org.gpaction.capacity.routing;

/** What the patient needs, as the practice or the online form classes it; never what it is about. */
public enum RequestKind {
    URGENT,
    ROUTINE,
    ADMIN
}
