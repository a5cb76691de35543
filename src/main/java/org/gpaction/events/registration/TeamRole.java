package org.gpaction.events.registration;

/** A registrant's role in the practice team: events are for the whole team, not only GPs. */
public enum TeamRole {
    GP_PARTNER("GP partner"),
    SALARIED_GP("Salaried GP"),
    LOCUM_GP("Locum GP"),
    GP_REGISTRAR("GP registrar"),
    PRACTICE_MANAGER("Practice manager"),
    NURSE("Practice nurse or nurse practitioner"),
    PHARMACIST("Clinical pharmacist"),
    RECEPTION("Receptionist or care navigator"),
    ADMINISTRATION("Administration"),
    OTHER("Other role in the practice team");

    private final String label;

    TeamRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
