package org.gpaction.accounts.staff;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What an administrator enters for a new member of staff, before it is checked. */
public record CreateStaffCommand(String email, String password, String role, List<String> practices, String lmc) {

    /** An empty entry in {@code practices} (a JSON null) is kept, so the check can name it rather than fail on it. */
    public CreateStaffCommand {
        practices = practices == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(practices));
    }

    @Override
    public String toString() {
        return "CreateStaffCommand[email=" + email + ", role=" + role + "]";
    }
}
