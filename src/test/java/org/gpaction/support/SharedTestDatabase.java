package org.gpaction.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gpaction.common.database.EmbeddedPostgresServer;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts one embedded PostgreSQL for the whole test run, the same way the application starts its own, and
 * points every test application context at it. A test that wants the application's own embedded start-up sets
 * {@code gpaction.test.shared-database=false}.
 */
public class SharedTestDatabase implements EnvironmentPostProcessor, Ordered {

    /** The name of the properties that point a context at the shared database, which only such a context has. */
    public static final String PROPERTY_SOURCE = "sharedTestDatabase";

    private static EmbeddedPostgresServer server;
    private static Path dataDir;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))
                || !environment.getProperty("gpaction.test.shared-database", Boolean.class, true)) {
            return;
        }
        EmbeddedPostgresServer database = server();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        PROPERTY_SOURCE,
                        Map.of(
                                "spring.datasource.url", database.jdbcUrl(),
                                "spring.datasource.username", database.username(),
                                "spring.datasource.password", database.password(),
                                "gpaction.data-dir", dataDir.toString())));
    }

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            try {
                dataDir = Files.createTempDirectory("gpaction-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = EmbeddedPostgresServer.start(dataDir);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-database-stop"));
        }
        return server;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
