package org.gpaction.accounts.staff;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator's credentials ({@code GPACTION_BOOTSTRAP_ADMIN_EMAIL} and
 * {@code GPACTION_BOOTSTRAP_ADMIN_PASSWORD}), used only while no administrator exists.
 */
@ConfigurationProperties("gpaction.bootstrap-admin")
record BootstrapAdminProperties(String email, String password) {

    @Override
    public String toString() {
        return "BootstrapAdminProperties[email=" + email + ", password=" + (password == null ? "unset" : "set") + "]";
    }
}
