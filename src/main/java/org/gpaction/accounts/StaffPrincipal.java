package org.gpaction.accounts;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The member of staff behind a request. Other modules use {@link #practices()} and {@link #lmc()} to decide what
 * this person may see.
 */
public final class StaffPrincipal implements UserDetails, CredentialsContainer {

    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final String email;
    private String passwordHash;
    private final StaffRole role;
    private final Set<String> practices;
    private final String lmc;
    private final boolean enabled;
    private final long version;
    private final long credentialsVersion;

    /** As the account was when loaded, credentials version unknown (0, which no account has). */
    public StaffPrincipal(
            long id,
            String email,
            String passwordHash,
            StaffRole role,
            Set<String> practices,
            String lmc,
            boolean enabled,
            long version) {
        this(id, email, passwordHash, role, practices, lmc, enabled, version, 0);
    }

    public StaffPrincipal(
            long id,
            String email,
            String passwordHash,
            StaffRole role,
            Set<String> practices,
            String lmc,
            boolean enabled,
            long version,
            long credentialsVersion) {
        this.id = id;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.practices = Set.copyOf(practices);
        this.lmc = lmc;
        this.enabled = enabled;
        this.version = version;
        this.credentialsVersion = credentialsVersion;
    }

    public long id() {
        return id;
    }

    public String email() {
        return email;
    }

    public StaffRole role() {
        return role;
    }

    public Set<String> practices() {
        return practices;
    }

    public String lmc() {
        return lmc;
    }

    /** The account's version when this was loaded: a larger one in the database means it has changed since. */
    public long version() {
        return version;
    }

    /**
     * The account's credentials version when its password was checked: once the account's has moved on (a password
     * chosen, changed or reset, the account disabled), what was signed in under this one no longer works.
     */
    public long credentialsVersion() {
        return credentialsVersion;
    }

    /** The same person under the credentials version their own password change has just made. */
    public StaffPrincipal withCredentialsVersion(long changed) {
        return new StaffPrincipal(id, email, passwordHash, role, practices, lmc, enabled, version, changed);
    }

    public boolean hasRole(StaffRole wanted) {
        return role == wanted;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StaffPrincipal that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "StaffPrincipal[id=" + id + ", role=" + role + "]";
    }
}
