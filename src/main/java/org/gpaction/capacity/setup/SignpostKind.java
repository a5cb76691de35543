package org.gpaction.capacity.setup;

/** Where a patient can go when the practice is full. */
public enum SignpostKind {
    URGENT_TREATMENT_CENTRE("Urgent treatment centre"),
    PHARMACY("Pharmacy"),
    NHS_111("NHS 111"),
    WALK_IN_CENTRE("Walk-in centre"),
    EMERGENCY_DEPARTMENT("A&E, for emergencies only");

    private final String label;

    SignpostKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
