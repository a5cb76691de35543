package org.gpaction.common.database;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.gpaction.common.startup.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Each module owns a schema named after it and the migrations under {@code db/migration/<module>/}; each is
 * migrated by its own Flyway with its own history table, so modules never share version numbers.
 */
public final class ModuleMigrations {

    private static final Logger log = LoggerFactory.getLogger(ModuleMigrations.class);
    private static final String LOCATION = "db/migration";

    private final List<String> modules;

    private ModuleMigrations(List<String> modules) {
        this.modules = modules;
    }

    /**
     * How long a migration waits for a lock held by others (another instance still serving) before it gives up, rolls
     * back and stops the start: waiting longer would keep every statement queued behind it waiting too (a change to
     * the ballots' tables would hold up every vote).
     */
    static final String LOCK_TIMEOUT = "10s";

    static ModuleMigrations migrate(DataSource dataSource, String url) {
        checkConnection(dataSource, url);
        List<String> modules = discoverModules();
        for (String module : modules) {
            var result = migrateSchema(dataSource, module);
            if (result.migrationsExecuted > 0) {
                log.info("Migrated schema {} to version {}", module, result.targetSchemaVersion);
            }
        }
        closeTheMigrationsConnections(dataSource);
        return new ModuleMigrations(modules);
    }

    private static MigrateResult migrateSchema(DataSource dataSource, String module) {
        try {
            return Flyway.configure(ModuleMigrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(module)
                    .createSchemas(true)
                    .locations("classpath:" + LOCATION + "/" + module)
                    .initSql("set lock_timeout = '" + LOCK_TIMEOUT + "'")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                throw new StartupProblem(
                        "Migrating the " + module + " schema waited " + LOCK_TIMEOUT + " for a lock held by another"
                                + " connection (another GP Action instance still serving, or a long transaction);"
                                + " nothing was changed",
                        "Start this instance again when the database is quieter, or stop the other instances first:"
                                + " a supervisor that restarts it will try again",
                        e);
            }
            throw e;
        }
    }

    /**
     * Flyway took its connections from the application's pool and set {@link #LOCK_TIMEOUT} on each for the whole
     * session; given back, they would keep it, so a request that happened to get one would give up on a lock after ten
     * seconds where the same request on another connection waits. Every connection the pool holds now is closed rather
     * than handed out again (the pool opens fresh ones, with the server's own setting); nothing else has used the
     * pool yet, as everything that uses the database waits for the migrations. A data source that is not a pool
     * closes its connections when they are given back, and keeps nothing.
     */
    private static void closeTheMigrationsConnections(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                HikariPoolMXBean pool =
                        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not reach the connection pool to close the migrations' connections", e);
        }
    }

    public List<String> modules() {
        return modules;
    }

    private static void checkConnection(DataSource dataSource, String url) {
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
        } catch (SQLException | RuntimeException e) {
            throw new StartupProblem(
                    "Cannot connect to PostgreSQL at " + RedactedUrl.of(url) + ": " + rootMessage(e),
                    "Check SPRING_DATASOURCE_URL (e.g. jdbc:postgresql://host:5432/gpaction), "
                            + "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD, "
                            + "or unset them to use the embedded PostgreSQL.",
                    e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Objects.requireNonNullElse(root.getMessage(), root.getClass().getSimpleName());
    }

    private static List<String> discoverModules() {
        try {
            Resource[] scripts = new PathMatchingResourcePatternResolver(ModuleMigrations.class.getClassLoader())
                    .getResources("classpath*:" + LOCATION + "/*/*.sql");
            SortedSet<String> modules = new TreeSet<>();
            for (Resource script : scripts) {
                String path = script.getURL().toString();
                String folder = path.substring(0, path.lastIndexOf('/'));
                modules.add(folder.substring(folder.lastIndexOf('/') + 1));
            }
            return List.copyOf(modules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
