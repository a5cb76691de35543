package org.gpaction.capacity.routing;

/**
 * Why a request was sent elsewhere. The API gives its name; each page that shows it says it in its own words for
 * whom it is shown to (the board, the front door, the evidence pages).
 */
public enum DiversionReason {
    FULL,
    OUTSIDE_CORE_HOURS,
    SUSPENDED,
    NHS111_ALLOWANCE_USED,
    SIGNPOSTED_BY_RECEPTION
}
