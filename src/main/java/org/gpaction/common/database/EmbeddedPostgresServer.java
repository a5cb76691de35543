package org.gpaction.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.startup.StartupProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the class path, keeping its data under the data directory
 * so that a restart keeps everything.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "gpaction";
    static final String USER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final DataDirectoryLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(DataDirectoryLock lock, EmbeddedPostgres postgres) {
        this.lock = lock;
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        Path pgData = dataDir.toAbsolutePath().normalize().resolve("pg");
        try {
            stopOrphanedServer(pgData);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // The library tunes PostgreSQL for throwaway test data; this data must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(lock, postgres);
            server.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), pgData);
            return server;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(lock);
            if (e instanceof StartupProblem problem) {
                throw problem;
            }
            throw new StartupProblem(
                    "The embedded PostgreSQL could not start in " + pgData + ": " + e.getMessage(),
                    "Check that the data directory is writable and not used by another PostgreSQL, "
                            + "or set SPRING_DATASOURCE_URL to use an external PostgreSQL.",
                    e);
        }
    }

    /**
     * A PostgreSQL left running by an application that was killed still holds the data directory. The data
     * directory lock proves no live application owns it, so it is safe to shut down before starting again.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> orphan = Files.readAllLines(pidFile).stream()
                .findFirst()
                .map(String::strip)
                .filter(line -> line.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)))
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.endsWith("postgres"))
                        .orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        ProcessHandle process = orphan.get();
        log.warn("Stopping PostgreSQL (pid {}) left running by an earlier GP Action", process.pid());
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("create database " + DATABASE);
                }
            }
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public String username() {
        return USER;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
        closeQuietly(lock);
    }

    private static void closeQuietly(DataDirectoryLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("Could not release the data directory lock", e);
        }
    }
}
