package org.gpaction.events.registration;

/** What someone registering says about themselves; checked by {@link RegistrationRules}. */
record RegistrationDetails(String name, String email, TeamRole role, String practice) {

    @Override
    public String toString() {
        return "RegistrationDetails[role=" + role + "]";
    }
}
