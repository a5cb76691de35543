package org.gpaction.accounts.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gpaction.accounts.security.AccountsProperties;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.startup.StartupProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no administrator and no bootstrap settings, the one-time setup link goes to a file in the data directory; a data
 * directory that cannot be made (here, one inside a regular file, which stops root too) stops start-up saying what to
 * fix, without the link (a start-up problem is logged). The rest (the file written, its mode, the log naming it) is
 * seen in {@code EmbeddedStartupTests}, starting for real.
 */
class FirstAdminTests {

    private static final String TOKEN = "k7Hq2mZ0pXv9LrT4sWc1bNd8fGy3jAe6uIo5RlEhQwK";
    private static final String LINK = "http://localhost:8080/setup/" + TOKEN;

    @TempDir
    Path dir;

    /** Tests run as root here and in CI, whom no mode stops writing: nobody can make a directory inside a file. */
    @Test
    void aDataDirectoryInsideAFileStopsStartUpSayingToMakeItWritable_withoutTheLink() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "kept");
        Path dataDir = file.resolve("data");

        assertStopsSayingWhatToFix(dataDir);
        assertThat(Files.readString(file))
                .as("the file in the way is left as it was")
                .isEqualTo("kept");
    }

    private static void assertStopsSayingWhatToFix(Path dataDir) {
        FirstAdmin firstAdmin = new FirstAdmin(
                noAdministrator(),
                linkMade(),
                new BootstrapAdminProperties(null, null),
                new GpActionProperties(dataDir, URI.create("http://localhost:8080")),
                // Real settings, so a write that wrongly succeeded fails below on no StartupProblem, not on them.
                new AccountsProperties(5, 20, Duration.ofMinutes(15), Duration.ofHours(24)));

        assertThatThrownBy(firstAdmin::afterSingletonsInstantiated)
                .isInstanceOfSatisfying(StartupProblem.class, problem -> {
                    assertThat(problem.getMessage())
                            .startsWith("No administrator exists yet, and the one-time link to create the first one"
                                    + " cannot be written to "
                                    + dataDir.resolve(FirstAdmin.LINK_FILE).toAbsolutePath() + ": ")
                            .doesNotContain(TOKEN);
                    assertThat(problem.action())
                            .isEqualTo("Make GPACTION_DATA_DIR a directory this user can write to, or set"
                                    + " GPACTION_BOOTSTRAP_ADMIN_EMAIL and GPACTION_BOOTSTRAP_ADMIN_PASSWORD instead.");
                });
    }

    private static StaffAccounts noAdministrator() {
        return new StaffAccounts(null, null, null, null, null, null, null) {
            @Override
            boolean enabledAdminExists() {
                return false;
            }
        };
    }

    private static SetupLinks linkMade() {
        return new SetupLinks(null, null, null, null, null) {
            @Override
            String create() {
                return LINK;
            }
        };
    }
}
