package org.gpaction.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gpaction.common.OwnerOnly;
import org.gpaction.common.SecretTokens;
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

    /** Kept beside the cluster, readable by the owner only: every connection, ours included, needs it. */
    static final String PASSWORD_FILE = "pg-password";

    /** The whole of pg_hba.conf: a password on every connection, over TCP or the local socket alike. */
    static final List<String> PASSWORD_ONLY = List.of(
            "# Written by GP Action: every connection needs the password kept in ../" + PASSWORD_FILE + ".",
            "local   all           all                   scram-sha-256",
            "host    all           all   127.0.0.1/32    scram-sha-256",
            "host    all           all   ::1/128         scram-sha-256",
            "local   replication   all                   scram-sha-256",
            "host    replication   all   127.0.0.1/32    scram-sha-256",
            "host    replication   all   ::1/128         scram-sha-256");

    private static final Pattern TRUST = Pattern.compile("^\\s*(local|host\\S*)\\s.*\\strust(\\s.*)?$");

    /** How long PostgreSQL may take to start: recovering after a crash can take a while. */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final DataDirectoryLock lock;
    private final EmbeddedPostgres postgres;
    private final ProcessHandle postmaster;
    private final String password;

    private EmbeddedPostgresServer(
            DataDirectoryLock lock, EmbeddedPostgres postgres, ProcessHandle postmaster, String password) {
        this.lock = lock;
        this.postgres = postgres;
        this.postmaster = postmaster;
        this.password = password;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        Path root = dataDir.toAbsolutePath().normalize();
        Path pgData = root.resolve("pg");
        Path passwordFile = root.resolve(PASSWORD_FILE);
        boolean ourPostgresMayRun = false;
        try {
            OwnerOnly.directory(root);
            String password = password(pgData, passwordFile);
            stopOrphanedServer(pgData);
            ourPostgresMayRun = true;
            int port = freePort();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    // The library tunes PostgreSQL for throwaway test data; this data must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "200")
                    // The library runs initdb -A trust and passes these "locale" options after it, so a new
                    // cluster is born requiring the password, and never trusts anyone, not even for a moment.
                    .setLocaleConfig("auth", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    .setConnectConfig("password", password)
                    .setPGStartupWait(STARTUP_WAIT);
            EmbeddedPostgres postgres = PasswordCheckedStart.start(builder, port, password);
            ProcessHandle postmaster = Postmaster.named(pgData)
                    .orElseThrow(() -> new IOException("PostgreSQL started, but its postmaster.pid names no process"));
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(lock, postgres, postmaster, password);
            server.requirePasswordIfTrusting(pgData);
            server.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), pgData);
            return server;
        } catch (IOException | SQLException | RuntimeException e) {
            if (ourPostgresMayRun) {
                stopQuietly(pgData);
            }
            closeQuietly(lock);
            if (e instanceof StartupProblem problem) {
                throw problem;
            }
            if (SqlStates.is(e, SqlStates.INVALID_PASSWORD)) {
                throw new StartupProblem(
                        "The embedded PostgreSQL in " + pgData + " refused the password in " + passwordFile
                                + ": that file does not belong to this data directory.",
                        "Restore " + passwordFile + " from the backup taken with this data directory (the pg/ "
                                + "cluster and " + PASSWORD_FILE + " go together), or set GPACTION_DATA_DIR to a "
                                + "new directory.");
            }
            throw new StartupProblem(
                    "The embedded PostgreSQL could not start in " + pgData + ": " + e.getMessage(),
                    "Check that the data directory is writable and not used by another PostgreSQL, "
                            + "or set SPRING_DATASOURCE_URL to use an external PostgreSQL.",
                    e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The superuser's password: read from its file, or made (256 random bits) when the cluster is new or still
     * trusts local users and so has none that matters yet.
     */
    private static String password(Path pgData, Path passwordFile) throws IOException {
        if (Files.exists(passwordFile)) {
            OwnerOnly.file(passwordFile);
            String password = Files.readString(passwordFile).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        if (Files.exists(pgData.resolve("pg_hba.conf")) && !trusts(pgData)) {
            throw new StartupProblem(
                    "The embedded PostgreSQL in " + pgData + " needs its password, and " + passwordFile
                            + " is missing or empty.",
                    "Restore " + passwordFile + " from a backup of the data directory, or set GPACTION_DATA_DIR "
                            + "to a new directory.");
        }
        String password = SecretTokens.generate();
        Files.deleteIfExists(passwordFile);
        Files.writeString(Files.createFile(passwordFile, OwnerOnly.fileAttributes()), password);
        return password;
    }

    private static boolean trusts(Path pgData) throws IOException {
        return Files.readAllLines(pgData.resolve("pg_hba.conf")).stream()
                .anyMatch(line -> TRUST.matcher(line).matches());
    }

    /**
     * A data directory made before passwords were required trusts every local user: any of them could connect as
     * superuser and run programs as this user. Its superuser gets the password, then pg_hba.conf is replaced and
     * reloaded, so from here on every connection needs it.
     */
    private void requirePasswordIfTrusting(Path pgData) throws IOException, SQLException {
        if (!trusts(pgData)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            // Base64url: no quote can appear in it.
            statement.execute("alter role " + USER + " password '" + password + "'");
            Files.write(pgData.resolve("pg_hba.conf"), PASSWORD_ONLY);
            statement.execute("select pg_reload_conf()");
        }
        log.warn(
                "Embedded PostgreSQL in {} trusted every local user; it now requires the password in {}",
                pgData,
                pgData.resolveSibling(PASSWORD_FILE));
    }

    /**
     * A PostgreSQL left running by an application that was killed still holds the data directory. The data
     * directory lock proves no live application owns it, so it is safe to shut down before starting again. The
     * number in postmaster.pid may since have gone to another process, another PostgreSQL included, which is left
     * alone: PostgreSQL will not start while a process of this user holds that number, so this says what to do.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Optional<ProcessHandle> named = Postmaster.named(pgData);
        if (named.isEmpty()) {
            return;
        }
        ProcessHandle process = named.get();
        if (Postmaster.serves(process, pgData)) {
            log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier GP Action", process.pid(), pgData);
            Postmaster.stop(process);
            return;
        }
        if (!Postmaster.ownedByThisUser(process)) {
            return;
        }
        Path pidFile = pgData.resolve(Postmaster.PID_FILE);
        throw new StartupProblem(
                "The embedded PostgreSQL cannot start: " + pidFile + " names process " + process.pid() + " ("
                        + process.info().command().orElse("unknown command")
                        + "), which is not a PostgreSQL on this data directory.",
                "If no PostgreSQL is running on " + pgData + ", delete " + pidFile + " and start GP Action again.");
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

    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The PostgreSQL server process, whose end is the end of the database. */
    ProcessHandle postmaster() {
        return postmaster;
    }

    @Override
    public void close() {
        // pg_ctl stop on a postmaster that has already gone only fails, with a stack trace in the log.
        if (postmaster.isAlive()) {
            try {
                postgres.close();
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
        }
        closeQuietly(lock);
    }

    /**
     * A start that failed after PostgreSQL was started, its password refused included, would otherwise leave it
     * running with no one to stop it.
     */
    private static void stopQuietly(Path pgData) {
        try {
            Optional<ProcessHandle> started = Postmaster.runningOn(pgData);
            if (started.isPresent()) {
                Postmaster.stop(started.get());
            }
        } catch (IOException e) {
            log.warn("Could not stop the embedded PostgreSQL in {} after its failed start", pgData, e);
        }
    }

    private static void closeQuietly(DataDirectoryLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("Could not release the data directory lock", e);
        }
    }
}
