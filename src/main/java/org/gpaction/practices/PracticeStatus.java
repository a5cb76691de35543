package org.gpaction.practices;

/** An ODS organisation status: A, C, D or P in the epraccur file. */
public enum PracticeStatus {
    ACTIVE,
    CLOSED,
    DORMANT,
    PROPOSED
}
