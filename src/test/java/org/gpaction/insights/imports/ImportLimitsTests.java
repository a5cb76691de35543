package org.gpaction.insights.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** The insights import's size limit, as start-up binds and checks it. */
class ImportLimitsTests {

    @EnableConfigurationProperties(InsightsImports.ImportLimits.class)
    static class Limits {}

    final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Limits.class);

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
}
