package org.gpaction.common.database;

import org.gpaction.common.startup.StartupProblem;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * GP Action runs on PostgreSQL only; a datasource URL of any other shape is refused before anything starts, with
 * the expected shape, instead of a connection pool's stack trace.
 */
class DatasourceUrlCheck implements EnvironmentPostProcessor {

    private static final String PREFIX = "jdbc:postgresql:";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String url = environment.getProperty("spring.datasource.url");
        if (StringUtils.hasText(url) && !url.startsWith(PREFIX)) {
            throw new StartupProblem(
                    "SPRING_DATASOURCE_URL is '" + RedactedUrl.of(url) + "', which is not a PostgreSQL JDBC URL.",
                    "Set SPRING_DATASOURCE_URL to a URL like jdbc:postgresql://host:5432/gpaction, "
                            + "or unset it to use the embedded PostgreSQL.");
        }
    }
}
