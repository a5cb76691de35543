package org.gpaction.accounts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import org.gpaction.GpActionApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A secret setting that start-up refuses is named in what it prints, with what to fix, but its value is not. */
@ExtendWith(OutputCaptureExtension.class)
class SecretSettingsStartupTests {

    @Test
    void aMetricsTokenTooShortIsRefusedAtStartUpWithoutWritingItToTheLog(@TempDir Path dataDir, CapturedOutput output) {
        String token = "Zq8-short-metrics-secret";

        Throwable refused = catchThrowable(() -> new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.test.shared-database=false",
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.metrics.token=" + token)
                .close());

        assertThat(refused).isNotNull();
        assertThat(output.getAll())
                .contains("GPACTION_METRICS_TOKEN")
                .contains("at least 32 characters")
                .doesNotContain(token);
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage()))
                    .as(cause.getClass().getName())
                    .doesNotContain(token);
        }
    }

    @Test
    void aBootstrapAdministratorPasswordRefusedAtStartUpIsNotWrittenToTheLog(
            @TempDir Path dataDir, CapturedOutput output) {
        String password = "Kw4-brief9";

        Throwable refused = catchThrowable(() -> new SpringApplicationBuilder(GpActionApplication.class)
                .run(
                        "--server.port=0",
                        "--gpaction.test.shared-database=false",
                        "--gpaction.data-dir=" + dataDir,
                        "--gpaction.bootstrap-admin.email=first@union.test",
                        "--gpaction.bootstrap-admin.password=" + password)
                .close());

        assertThat(refused).isNotNull();
        assertThat(output.getAll())
                .contains("GPACTION_BOOTSTRAP_ADMIN_PASSWORD")
                .contains("Password must be 12 characters or more")
                .doesNotContain(password);
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage()))
                    .as(cause.getClass().getName())
                    .doesNotContain(password);
        }
    }
}
