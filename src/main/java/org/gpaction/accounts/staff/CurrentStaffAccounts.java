package org.gpaction.accounts.staff;

import java.util.Optional;
import org.gpaction.accounts.CurrentStaff;
import org.gpaction.accounts.StaffPrincipal;
import org.springframework.stereotype.Component;

@Component
class CurrentStaffAccounts implements CurrentStaff {

    private final StaffRepository repository;

    CurrentStaffAccounts(StaffRepository repository) {
        this.repository = repository;
    }

    @Override
    public Optional<StaffPrincipal> enabled(String email) {
        return repository
                .findPrincipalByEmail(email)
                .filter(StaffPrincipal::isEnabled)
                .map(staff -> {
                    staff.eraseCredentials();
                    return staff;
                });
    }
}
