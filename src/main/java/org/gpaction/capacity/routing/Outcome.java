package org.gpaction.capacity.routing;

public enum Outcome {
    BOOKED,
    DIVERTED,
    WAITLISTED
}
