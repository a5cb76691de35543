package org.gpaction.capacity.setup;

/** Everyone who consults counts toward safe working, not only GPs. */
public enum ClinicianRole {
    GP_PARTNER("GP partner"),
    SALARIED_GP("Salaried GP"),
    LOCUM_GP("Locum GP"),
    GP_REGISTRAR("GP registrar"),
    ADVANCED_NURSE_PRACTITIONER("Advanced nurse practitioner"),
    PRACTICE_NURSE("Practice nurse"),
    CLINICAL_PHARMACIST("Clinical pharmacist"),
    PARAMEDIC("Paramedic"),
    PHYSICIAN_ASSOCIATE("Physician associate"),
    OTHER_CLINICIAN("Other clinician");

    private final String label;

    ClinicianRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
