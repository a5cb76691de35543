package org.gpaction.membership;

/** A member's standing with the union. A trial lasts three months from the day it began. */
public enum MembershipStatus {
    ACTIVE,
    TRIAL,
    LAPSED,
    RESIGNED
}
