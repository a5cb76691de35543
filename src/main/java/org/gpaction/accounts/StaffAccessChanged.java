package org.gpaction.accounts;

import java.util.Set;

/**
 * An account's role, practices or being enabled changed: published in the transaction making the change, so that
 * what other modules keep for the person (emails about a practice, say) can follow it.
 */
public record StaffAccessChanged(String email, boolean enabled, StaffRole role, Set<String> practices) {}
