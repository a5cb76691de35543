package org.gpaction.insights.imports;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.MultipartConfigElement;
import org.gpaction.common.startup.StartupProblem;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.autoconfigure.MultipartAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.util.unit.DataSize;

/** The insights import's size limit, as start-up binds and checks it. */
class ImportLimitsTests {

    @EnableConfigurationProperties(InsightsImports.ImportLimits.class)
    static class Limits {}

    /** The limits on every request, which are the web's own (package-private) and so found by name. */
    @ComponentScan(
            basePackages = "org.gpaction.common.web",
            useDefaultFilters = false,
            includeFilters =
                    @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.RequestLimitsConfiguration"))
    static class RequestLimits {}

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Limits.class);

    /** The server as the application's own settings file sets it up: its upload limits and the multipart parser's. */
    final WebApplicationContextRunner server = new WebApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withConfiguration(AutoConfigurations.of(MultipartAutoConfiguration.class))
            .withUserConfiguration(Limits.class, InsightsImportsController.Uploads.class, RequestLimits.class);

    @Test
    void anImportTakesFilesUpTo500MBUnlessSetOtherwise() {
        context.run(started -> assertThat(
                        started.getBean(InsightsImports.ImportLimits.class).maxFileSize())
                .isEqualTo(DataSize.ofMegabytes(500)));
        context.withPropertyValues("gpaction.insights.max-file-size=1KB")
                .run(started -> assertThat(started.getBean(InsightsImports.ImportLimits.class)
                                .maxFileSize())
                        .isEqualTo(DataSize.ofKilobytes(1)));
    }

    /** A limit of no bytes (or less) refuses every NHS publication. */
    @Test
    void aLimitOfNoBytesOrLessIsRefusedAtStartUpNamingTheSetting() {
        for (String size : new String[] {"0B", "0", "-1MB"}) {
            context.withPropertyValues("gpaction.insights.max-file-size=" + size)
                    .run(started -> assertThat(started)
                            .as(size)
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("GPACTION_INSIGHTS_MAX_FILE_SIZE")
                            .hasMessageContaining("must be more than 0 bytes"));
        }
    }

    /**
     * An import raised past what any upload may send would have its larger files refused as they arrive, with a 413
     * that names neither setting; start-up says which to raise instead.
     */
    @Test
    void anImportLimitAboveTheUploadLimitIsRefusedAtStartUpNamingBothSettings() {
        server.withPropertyValues("GPACTION_INSIGHTS_MAX_FILE_SIZE=800MB")
                .run(started -> assertThat(started)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(StartupProblem.class)
                        .hasMessageContaining("GPACTION_INSIGHTS_MAX_FILE_SIZE (gpaction.insights.max-file-size)")
                        .hasMessageContaining("GPACTION_WEB_MAXUPLOADSIZE (gpaction.web.max-upload-size)")
                        .satisfies(problem -> assertThat(((StartupProblem) problem).action())
                                .contains("GPACTION_WEB_MAXUPLOADSIZE to at least 801MB")));
    }

    /**
     * The multipart parser's limits were fixed at 500MB whatever the upload limit, so a page's form carrying a file
     * between that and a raised limit was refused by the parser; they now follow the upload limit.
     */
    @Test
    void anImportRaisedWithTheUploadLimitHasItsFilesTakenByTheMultipartParser() {
        server.run(started -> {
            assertThat(started).hasNotFailed();
            assertThat(started.getBean(MultipartConfigElement.class).getMaxRequestSize())
                    .isEqualTo(DataSize.ofMegabytes(501).toBytes());
        });
        server.withPropertyValues("GPACTION_INSIGHTS_MAX_FILE_SIZE=800MB", "GPACTION_WEB_MAXUPLOADSIZE=801MB")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    MultipartConfigElement multipart = started.getBean(MultipartConfigElement.class);
                    assertThat(multipart.getMaxFileSize())
                            .isEqualTo(DataSize.ofMegabytes(801).toBytes());
                    assertThat(multipart.getMaxRequestSize())
                            .isEqualTo(DataSize.ofMegabytes(801).toBytes());
                });
    }
}
