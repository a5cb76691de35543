package org.gpaction.common.web;

import java.util.List;

/**
 * Page paths a module keeps to some staff roles, declared as a bean so that the roles are checked before a request's
 * body is read (the CSRF check reads a form's fields), not only by the controller afterwards. The controller still
 * checks; this only refuses earlier. Roles are named as in {@code StaffRole}.
 *
 * @param refusal what a member of staff in another role is told, as the controller would tell them; null for the
 *     general refusal
 */
public record RolePaths(String method, List<String> patterns, List<String> roles, String refusal) {

    public RolePaths {
        patterns = List.copyOf(patterns);
        roles = List.copyOf(roles);
        if (patterns.isEmpty() || roles.isEmpty()) {
            throw new IllegalArgumentException("Role paths need at least one pattern and one role");
        }
    }

    /** Requests by {@code method} to any of {@code patterns}, for any of {@code roles}. */
    public static RolePaths of(String method, List<String> patterns, String... roles) {
        return new RolePaths(method, patterns, List.of(roles), null);
    }

    /** The same paths, refused to other roles with this message. */
    public RolePaths refusedWith(String message) {
        return new RolePaths(method, patterns, roles, message);
    }
}
