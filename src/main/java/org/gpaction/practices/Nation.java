package org.gpaction.practices;

/** The UK nation a practice is in, worked out from its ODS national grouping. */
public enum Nation {
    ENGLAND,
    WALES,
    SCOTLAND,
    NORTHERN_IRELAND,
    UNKNOWN
}
