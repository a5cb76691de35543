package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;
import org.gpaction.common.startup.StartupProblem;
import org.gpaction.support.EnvironmentSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.util.unit.DataSize;

class RequestLimitsPropertiesTests {

    final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    /** Tomcat's settings bound as Boot's Tomcat auto-configuration binds them for the server. */
    @EnableConfigurationProperties(TomcatServerProperties.class)
    static class Tomcat {}

    /** The limits as start-up binds and checks them, with Tomcat's request threads as Boot sets them unless told. */
    final ApplicationContextRunner limits =
            new ApplicationContextRunner().withUserConfiguration(RequestLimitsConfiguration.class, Tomcat.class);

    @Test
    void bodiesUpTo1MBAndUploadsUpTo501MBAreTakenUnlessSetOtherwise() {
        RequestLimitsConfiguration.RequestLimits limits = bind(Map.of());
        assertThat(limits.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(limits.maxUploadSize()).isEqualTo(DataSize.ofMegabytes(501));
        RequestLimitsConfiguration.RequestLimits set =
                bind(Map.of("GPACTION_WEB_MAXBODYSIZE", "1KB", "GPACTION_WEB_MAXUPLOADSIZE", "2KB"));
        assertThat(set.maxBodySize()).isEqualTo(DataSize.ofKilobytes(1));
        assertThat(set.maxUploadSize()).isEqualTo(DataSize.ofKilobytes(2));
        assertThat(validator.validate(set)).isEmpty();
    }

    /** A limit of no bytes (or less) refuses every request that sends a body: every form, every upload. */
    @Test
    void aLimitOfNoBytesOrLessIsRefusedNamingTheSetting() {
        for (String variable : new String[] {"GPACTION_WEB_MAXBODYSIZE", "GPACTION_WEB_MAXUPLOADSIZE"}) {
            for (String size : new String[] {"0B", "0", "-1MB"}) {
                assertThat(validator.validate(bind(Map.of(variable, size))))
                        .as(variable + "=" + size)
                        .singleElement()
                        .satisfies(violation -> assertThat(violation.getMessage())
                                .contains(variable)
                                .contains("must be more than 0 bytes"));
            }
        }
    }

    /** 0 is taken: every refusal is then closed once answered, unread (LingeringCloseTests). */
    @Test
    void eightRefusedBodiesAreReadAfterTheirAnswerAtOnceUnlessSetOtherwise_noneIfSetTo0() {
        assertThat(bind(Map.of()).maxLingeringCloses()).isEqualTo(8);
        for (int set : new int[] {0, 20}) {
            RequestLimitsConfiguration.RequestLimits limits =
                    bind(Map.of("GPACTION_WEB_MAXLINGERINGCLOSES", String.valueOf(set)));
            assertThat(limits.maxLingeringCloses()).isEqualTo(set);
            assertThat(validator.validate(limits)).isEmpty();
        }
    }

    @Test
    void lessThanNoRefusedBodiesReadAtOnceIsRefusedNamingTheSetting() {
        assertThat(validator.validate(bind(Map.of("GPACTION_WEB_MAXLINGERINGCLOSES", "-1"))))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage())
                        .contains("GPACTION_WEB_MAXLINGERINGCLOSES")
                        .contains("must be 0 or more"));
    }

    private static RequestLimitsConfiguration.RequestLimits bind(Map<String, Object> environment) {
        return EnvironmentSettings.bind("gpaction.web", RequestLimitsConfiguration.RequestLimits.class, environment);
    }

    /**
     * As many refused bodies read at once as the server has request threads (or more) would let clients sending them
     * slowly hold every thread, which the bound is there to prevent: start-up says which setting to change.
     */
    @Test
    void asManyRefusedBodiesReadAtOnceAsRequestThreadsIsRefusedAtStartUpNamingBothSettings() {
        for (String[] settings : new String[][] {
            {"server.tomcat.threads.max=8"},
            {"gpaction.web.max-lingering-closes=200"},
            {"gpaction.web.max-lingering-closes=300", "server.tomcat.threads.max=300"},
            {"gpaction.web.max-lingering-closes=500"}
        }) {
            limits.withPropertyValues(settings)
                    .run(started -> assertThat(started)
                            .as(String.join(", ", settings))
                            .getFailure()
                            .rootCause()
                            .isInstanceOf(StartupProblem.class)
                            .hasMessageContaining("GPACTION_WEB_MAXLINGERINGCLOSES (gpaction.web.max-lingering-closes)")
                            .hasMessageContaining("SERVER_TOMCAT_THREADS_MAX (server.tomcat.threads.max)")
                            .satisfies(problem -> assertThat(((StartupProblem) problem).action())
                                    .contains("GPACTION_WEB_MAXLINGERINGCLOSES")
                                    .contains("SERVER_TOMCAT_THREADS_MAX")));
        }
        for (String[] settings : new String[][] {
            {},
            {"server.tomcat.threads.max=9"},
            {"gpaction.web.max-lingering-closes=199"},
            {"gpaction.web.max-lingering-closes=0"}
        }) {
            limits.withPropertyValues(settings)
                    .run(started ->
                            assertThat(started).as(String.join(", ", settings)).hasNotFailed());
        }
    }
}
