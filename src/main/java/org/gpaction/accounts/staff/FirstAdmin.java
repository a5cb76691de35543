package org.gpaction.accounts.staff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gpaction.accounts.security.AccountsProperties;
import org.gpaction.common.DurationWords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.OwnerOnly;
import org.gpaction.common.startup.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * There are no default credentials. While no administrator exists, the first one comes from the bootstrap settings or,
 * when those are unset, from a one-time setup link. This happens before the web server accepts requests, so that a
 * healthy application always has its administrator or its link. The link is a secret that makes an administrator, so
 * it is never logged (logs are copied and kept where others read them): it is written to a file in the data directory
 * that only the user running GP Action may open, and the log says where. Once an administrator exists, the file goes.
 */
@Component
class FirstAdmin implements SmartInitializingSingleton {

    static final String LINK_FILE = "setup-link";

    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);

    private final StaffAccounts staffAccounts;
    private final SetupLinks setupLinks;
    private final BootstrapAdminProperties bootstrap;
    private final GpActionProperties app;
    private final AccountsProperties accounts;

    FirstAdmin(
            StaffAccounts staffAccounts,
            SetupLinks setupLinks,
            BootstrapAdminProperties bootstrap,
            GpActionProperties app,
            AccountsProperties accounts) {
        this.staffAccounts = staffAccounts;
        this.setupLinks = setupLinks;
        this.bootstrap = bootstrap;
        this.app = app;
        this.accounts = accounts;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Path file = app.dataDir().resolve(LINK_FILE).toAbsolutePath().normalize();
        if (staffAccounts.enabledAdminExists()) {
            forget(file);
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
            forget(file);
        } else {
            write(file, setupLinks.create());
            log.warn(
                    "No administrator exists yet. The one-time link to create the first one is in {}, which only the"
                            + " user running GP Action can read: open the link it holds (it works once and expires in"
                            + " {})",
                    file,
                    DurationWords.inWords(accounts.setupLinkLifetime()));
        }
    }

    /**
     * Writes the link whole to a new file that is the owner's only from its first byte, then puts it in place of any
     * earlier one, whose link no longer works: a file left by someone else under that name is replaced, not written to.
     */
    private static void write(Path file, String link) {
        try {
            OwnerOnly.writeWhole(
                    file,
                    ".setup-link-",
                    ".tmp",
                    out -> out.write((link + System.lineSeparator()).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new StartupProblem(
                    "No administrator exists yet, and the one-time link to create the first one cannot be written to "
                            + file + ": " + e.getMessage() + ".",
                    "Make GPACTION_DATA_DIR a directory this user can write to, or set"
                            + " GPACTION_BOOTSTRAP_ADMIN_EMAIL and GPACTION_BOOTSTRAP_ADMIN_PASSWORD instead.",
                    e);
        }
    }

    /** The file of a link that no longer works, once an administrator exists; left, it would only mislead. */
    private static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("The used setup link's file {} could not be deleted: {}", file, e.toString());
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
