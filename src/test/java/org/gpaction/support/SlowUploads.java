package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gpaction.common.GpActionProperties;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A file sent slowly to an import's API, over a socket of its own, and the uploads folder its import copies it to. The
 * folder is shared by every context on the test data directory, so only the files added since {@link #watch} count.
 */
public final class SlowUploads {

    private final JdbcClient jdbc;
    private final Path folder;
    private final Set<Path> before;

    private SlowUploads(JdbcClient jdbc, Path folder) {
        this.jdbc = jdbc;
        this.folder = folder;
        this.before = Set.copyOf(files());
    }

    /** The uploads folder as it is now: a file added after this is the test's. */
    public static SlowUploads watch(GpActionProperties app, JdbcClient jdbc) {
        return new SlowUploads(jdbc, app.dataDir().resolve("uploads"));
    }

    /**
     * Sends a request announcing {@code first} and {@code rest} as its body, with only {@code first}; the upload
     * returned sends the rest.
     */
    public Sending start(int port, String path, String token, byte[] first, byte[] rest) throws IOException {
        Socket socket = new Socket("localhost", port);
        try {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: text/csv\r\nAccept: application/json\r\nContent-Length: "
                            + (first.length + rest.length) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(first);
            out.flush();
            return new Sending(socket, first.length, rest);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** An upload whose first part is sent and whose rest is not yet. */
    public final class Sending implements AutoCloseable {

        private final Socket socket;
        private final long firstLength;
        private final byte[] rest;

        private Sending(Socket socket, long firstLength, byte[] rest) {
            this.socket = socket;
            this.firstLength = firstLength;
            this.rest = rest;
        }

        /**
         * Waits until the first part is copied (or an import transaction opens too soon), and asserts that no session
         * is in a transaction whose statement is like {@code importStatement} meanwhile.
         */
        public void assertNoImportTransactionUntilTheRestArrives(String importStatement) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> bytesAdded() == firstLength || importTransactions(importStatement) > 0);
            assertThat(importTransactions(importStatement))
                    .as("database sessions with a transaction open for the import while its body arrives")
                    .isZero();
        }

        /** Sends the rest and gives the whole answer. */
        public String finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(rest);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The files in the uploads folder that were not there when {@link #watch} looked. */
    public List<Path> filesAdded() {
        return files().stream().filter(file -> !before.contains(file)).toList();
    }

    private long bytesAdded() {
        return filesAdded().stream()
                .mapToLong(file -> {
                    try {
                        return Files.size(file);
                    } catch (IOException e) {
                        return 0;
                    }
                })
                .sum();
    }

    /** Sessions of this database, other than this one, in a transaction whose statement is like {@code statement}. */
    private long importTransactions(String statement) {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null
                          and query like :statement
                        """).param("statement", statement).query(Long.class).single();
    }

    private List<Path> files() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
