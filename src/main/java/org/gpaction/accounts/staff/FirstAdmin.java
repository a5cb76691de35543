package org.gpaction.accounts.staff;

import org.gpaction.common.startup.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * There are no default credentials. While no administrator exists, the first one comes from the bootstrap
 * settings or, when those are unset, from a one-time setup link written to the log. This happens before the web
 * server accepts requests, so that a healthy application always has its administrator or its link.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final StaffAccounts staffAccounts;
    private final SetupLinks setupLinks;
    private final BootstrapAdminProperties bootstrap;

    FirstAdmin(StaffAccounts staffAccounts, SetupLinks setupLinks, BootstrapAdminProperties bootstrap) {
        this.staffAccounts = staffAccounts;
        this.setupLinks = setupLinks;
        this.bootstrap = bootstrap;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (staffAccounts.enabledAdminExists()) {
            return;
        }
        boolean email = StringUtils.hasText(bootstrap.email());
        boolean password = StringUtils.hasText(bootstrap.password());
        if (email != password) {
            throw new StartupProblem(
                    "Only one of GPACTION_BOOTSTRAP_ADMIN_EMAIL and GPACTION_BOOTSTRAP_ADMIN_PASSWORD is set.",
                    "Set both to create the first administrator, or neither to get a one-time setup link.");
        }
        if (email) {
            createFromSettings();
        } else {
            String link = setupLinks.create();
            log.warn("No administrator exists yet. Create the first one at {} (the link works once and expires)", link);
        }
    }

    private void createFromSettings() {
        try {
            staffAccounts
                    .createFirstAdmin(bootstrap.email(), bootstrap.password(), "bootstrap settings")
                    .ifPresent(admin -> log.info(
                            "Created the first administrator, {}, from GPACTION_BOOTSTRAP_ADMIN_EMAIL", admin.email()));
        } catch (InvalidStaffDetails e) {
            throw new StartupProblem(
                    "The bootstrap administrator cannot be created: " + e.getMessage() + ".",
                    "Fix GPACTION_BOOTSTRAP_ADMIN_EMAIL or GPACTION_BOOTSTRAP_ADMIN_PASSWORD (at least 12 characters, "
                            + "not a common password).",
                    e);
        }
    }
}
