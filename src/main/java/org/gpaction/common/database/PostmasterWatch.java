package org.gpaction.common.database;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application whose embedded PostgreSQL has died stays up answering every request with an error, and never
 * recovers: nothing restarts a postmaster. So when the postmaster goes, the application goes too, with an exit status
 * of its own, and whatever supervises it starts both again. Closed before the server is stopped, so a shutdown is
 * not taken for a death.
 */
final class PostmasterWatch implements AutoCloseable {

    static final int EXIT_STATUS = 4;

    /** Long enough for an orderly shutdown; a shutdown stuck on the dead database must not keep the process up. */
    private static final Duration SHUTDOWN_LIMIT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(PostmasterWatch.class);

    private volatile boolean closed;

    PostmasterWatch(EmbeddedPostgresServer server) {
        ProcessHandle postmaster = server.postmaster();
        postmaster.onExit().thenRun(() -> {
            if (!closed) {
                exit(postmaster.pid());
            }
        });
    }

    private static void exit(long pid) {
        log.error(
                "The embedded PostgreSQL (pid {}) has stopped: GP Action is exiting with status {} so that whatever "
                        + "supervises it starts both again",
                pid,
                EXIT_STATUS);
        Thread limit = new Thread(
                () -> {
                    try {
                        Thread.sleep(SHUTDOWN_LIMIT.toMillis());
                    } catch (InterruptedException ignored) {
                        // halting anyway
                    }
                    Runtime.getRuntime().halt(EXIT_STATUS);
                },
                "postmaster-gone-halt");
        limit.setDaemon(true);
        limit.start();
        System.exit(EXIT_STATUS);
    }

    @Override
    public void close() {
        closed = true;
    }
}
