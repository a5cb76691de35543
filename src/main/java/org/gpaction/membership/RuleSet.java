package org.gpaction.membership;

/** Who may vote in a ballot. */
public enum RuleSet {
    /** The 2024 indicative ballot: GP contractors and partners at GMS or PMS practices in England. */
    GP_PARTNERS_ENGLAND("GP partners in England (GMS and PMS)"),
    /** Every GP member in England: partners, salaried GPs, locums and registrars. */
    GP_MEMBERS_ENGLAND("All GP members in England");

    private final String label;

    RuleSet(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
