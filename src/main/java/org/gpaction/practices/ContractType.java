package org.gpaction.practices;

/** The contract a practice holds with the NHS. APMS holders are outside the 2024 ballot's electorate. */
public enum ContractType {
    GMS,
    PMS,
    APMS
}
