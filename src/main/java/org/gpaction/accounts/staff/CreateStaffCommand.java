package org.gpaction.accounts.staff;

import java.util.List;

/** What an administrator enters for a new member of staff, before it is checked. */
public record CreateStaffCommand(String email, String password, String role, List<String> practices, String lmc) {

    public CreateStaffCommand {
        practices = practices == null ? List.of() : List.copyOf(practices);
    }

    @Override
    public String toString() {
        return "CreateStaffCommand[email=" + email + ", role=" + role + "]";
    }
}
