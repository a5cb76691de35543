package org.gpaction.accounts.staff;

import java.time.Instant;
import java.util.List;
import org.gpaction.accounts.StaffRole;

/** A staff account as shown to administrators; never carries the password hash. */
public record StaffAccount(
        long id,
        String email,
        StaffRole role,
        List<String> practices,
        String lmc,
        boolean enabled,
        boolean passwordSet,
        Instant createdAt,
        String createdBy) {}
