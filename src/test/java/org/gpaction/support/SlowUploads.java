package org.gpaction.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.gpaction.common.GpActionProperties;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Clients that announce a body and send only its first bytes, over a socket of their own, and then the rest of it, at
 * once or a little at a time: a server that read the body before answering would wait, and the answer would never
 * come. With common.web's FullSpeedUploads, the clients refused bodies are sent with in the tests. A file sent slowly
 * to an import's API is watched in the uploads folder its import copies it to ({@link #watch}): the folder is shared by
 * every context on the test data directory, so only the files added since count.
 */
public final class SlowUploads {

    /** How long a client waits for the answer, or for more of it. */
    public static final int ANSWER_WITHIN_MS = 15_000;

    private final JdbcClient jdbc;
    private final Path folder;
    private final Set<Path> before;

    private SlowUploads(JdbcClient jdbc, Path folder) {
        this.jdbc = jdbc;
        this.folder = folder;
        this.before = Set.copyOf(files());
    }

    /**
     * Sends the request head, saying {@code length} bytes are to come, and {@code start} of them; returns the socket to
     * read the answer from.
     */
    public static Socket send(int port, String requestLine, Map<String, String> headers, long length, String start)
            throws IOException {
        return send(port, requestLine, headers, length, start.getBytes(StandardCharsets.UTF_8));
    }

    /** As {@link #send(int, String, Map, long, String)}, with the first bytes of the body as bytes. */
    public static Socket send(int port, String requestLine, Map<String, String> headers, long length, byte[] start)
            throws IOException {
        Socket socket = new Socket("localhost", port);
        try {
            socket.setSoTimeout(ANSWER_WITHIN_MS);
            StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(start);
            out.flush();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** As {@link #send}, returning the status of the answer. */
    public static String statusWithoutSendingTheBody(
            int port, String requestLine, Map<String, String> headers, long length, String start) throws IOException {
        try (Socket socket = send(port, requestLine, headers, length, start)) {
            return statusLine(socket.getInputStream());
        }
    }

    /**
     * As {@link #send}, returning the whole answer: its head and then its body, as long as its Content-Length says or to
     * the last chunk, without waiting for the server to close the connection (it may read a while for the body never
     * sent); or as far as the server sends it before closing the connection, or all that came within 15 seconds.
     */
    public static String answerWithoutSendingTheBody(
            int port, String requestLine, Map<String, String> headers, long length, String start) throws IOException {
        try (Socket socket = send(port, requestLine, headers, length, start)) {
            return answerOf(socket.getInputStream());
        }
    }

    /** The answer, head and body, as far as {@link #whole} finds it ends, the server closes, or 15 seconds pass. */
    public static String answerOf(InputStream in) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                answer.write(buffer, 0, n);
                if (whole(answer.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            answer.writeBytes(
                    " [no more within 15 s: the server is waiting for the body]".getBytes(StandardCharsets.UTF_8));
        } catch (SocketException reset) {
            answer.writeBytes((" [connection reset: " + reset.getMessage() + "]").getBytes(StandardCharsets.UTF_8));
        }
        return answer.toString(StandardCharsets.UTF_8);
    }

    /** Whether an answer read so far (its bytes one character each) has all its head and body. */
    private static boolean whole(String answer) {
        int endOfHead = answer.indexOf("\r\n\r\n");
        if (endOfHead < 0) {
            return false;
        }
        String head = answer.substring(0, endOfHead);
        String body = answer.substring(endOfHead + 4);
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$").matcher(head);
        if (length.find()) {
            return body.length() >= Long.parseLong(length.group(1));
        }
        if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return body.startsWith("0\r\n\r\n") || body.contains("\r\n0\r\n\r\n");
        }
        return false;
    }

    /** The status code of the answer, or what came instead. */
    public static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                line.write(b);
            }
        } catch (SocketTimeoutException e) {
            return "no answer within 15 s: the server is waiting for the body";
        }
        String[] statusLine = line.toString(StandardCharsets.UTF_8).strip().split(" ");
        return statusLine.length > 1 ? statusLine[1] : "no status: " + line;
    }

    /**
     * Sends {@code count} such requests at once, each from a thread of its own; once answered, each goes on sending its
     * body a little at a time, until the server closes the connection or the uploads are closed.
     */
    public static Trickling trickle(
            int port, int count, String requestLine, Map<String, String> headers, long length, String start) {
        return new Trickling(port, count, requestLine, headers, length, start);
    }

    /**
     * One slow upload as its client saw it: the status it was answered, the answer's head (its status line and headers),
     * and how long its connection stayed open after that answer, until the server closed it ({@code closed}) or so far.
     */
    public record Answered(String status, String head, Duration openAfterTheAnswer, boolean closed) {}

    /** Slow uploads under way: what each was answered, when, and which the server has closed and when. */
    public static final class Trickling implements AutoCloseable {

        /** How long each waits for the server to close the connection before it sends a little more. */
        private static final int BETWEEN_SENDS_MS = 200;

        private static final byte[] LITTLE = "1234567,filler\n".repeat(16).getBytes(StandardCharsets.US_ASCII);

        private final List<Upload> uploads;
        private final ExecutorService threads;
        private final CountDownLatch stopped = new CountDownLatch(1);

        private Trickling(
                int port, int count, String requestLine, Map<String, String> headers, long length, String start) {
            threads = Executors.newFixedThreadPool(count);
            CountDownLatch ready = new CountDownLatch(count);
            CountDownLatch go = new CountDownLatch(1);
            uploads = IntStream.range(0, count)
                    .mapToObj(i -> new Upload(port, requestLine, headers, length, start))
                    .toList();
            uploads.forEach(upload -> threads.execute(() -> {
                ready.countDown();
                try {
                    go.await();
                    upload.run(stopped);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            try {
                ready.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            go.countDown();
        }

        /** The status each was answered, as far as answered: "none" for one not answered (yet). */
        public List<String> statuses() {
            return uploads.stream()
                    .map(upload -> upload.status == null ? "none" : upload.status)
                    .toList();
        }

        public int answered() {
            return (int)
                    uploads.stream().filter(upload -> upload.status != null).count();
        }

        /** Answered, and then the connection closed by the server, with their body not all sent. */
        public int closedByTheServer() {
            return (int) uploads.stream().filter(upload -> upload.closed).count();
        }

        /** Answered, and still sending, the connection open. */
        public int stillSending() {
            return (int) uploads.stream()
                    .filter(upload -> upload.status != null && !upload.closed)
                    .count();
        }

        /**
         * The uploads answered so far, each with how long its connection stayed open after the answer, as its client
         * saw it: until the server closed it, or until now for one still open.
         */
        public List<Answered> answers() {
            long now = System.nanoTime();
            return uploads.stream()
                    .filter(upload -> upload.status != null)
                    .map(upload -> {
                        boolean closed = upload.closed;
                        long until = closed ? upload.closedAt : now;
                        return new Answered(
                                upload.status, upload.head, Duration.ofNanos(until - upload.answeredAt), closed);
                    })
                    .toList();
        }

        /** How long from the first answer to the last, of those answered so far. */
        public Duration answering() {
            LongSummaryStatistics at = uploads.stream()
                    .filter(upload -> upload.status != null)
                    .mapToLong(upload -> upload.answeredAt)
                    .summaryStatistics();
            return at.getCount() == 0 ? Duration.ZERO : Duration.ofNanos(at.getMax() - at.getMin());
        }

        /** Stops sending and closes every connection, as a client that gives up does. */
        @Override
        public void close() throws InterruptedException {
            stopped.countDown();
            threads.shutdown();
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        }

        private static final class Upload {

            private final int port;
            private final String requestLine;
            private final Map<String, String> headers;
            private final long length;
            private final String start;
            private String head;
            private long answeredAt;
            private long closedAt;
            /** Set after {@link #head} and {@link #answeredAt}, so that it is seen with them. */
            private volatile String status;
            /** Set after {@link #closedAt}, so that it is seen with it. */
            private volatile boolean closed;

            Upload(int port, String requestLine, Map<String, String> headers, long length, String start) {
                this.port = port;
                this.requestLine = requestLine;
                this.headers = headers;
                this.length = length;
                this.start = start;
            }

            void run(CountDownLatch stopped) {
                try (Socket socket = send(port, requestLine, headers, length, start)) {
                    InputStream in = socket.getInputStream();
                    String answer = answerOf(in);
                    if (!answer.startsWith("HTTP/1.1 ")) {
                        return;
                    }
                    int endOfHead = answer.indexOf("\r\n\r\n");
                    head = endOfHead < 0 ? answer : answer.substring(0, endOfHead);
                    answeredAt = System.nanoTime();
                    status = answer.substring(9, 12);
                    socket.setSoTimeout(BETWEEN_SENDS_MS);
                    OutputStream out = socket.getOutputStream();
                    long left = length - start.length();
                    while (stopped.getCount() > 0 && left > LITTLE.length) {
                        out.write(LITTLE);
                        out.flush();
                        left -= LITTLE.length;
                        try {
                            if (in.read() < 0) {
                                closedAt = System.nanoTime();
                                closed = true;
                                return;
                            }
                        } catch (SocketTimeoutException stillOpen) {
                            // Sends a little more.
                        }
                    }
                } catch (IOException closedUnderIt) {
                    // A write or read on a connection the server closed: reset, or a broken pipe.
                    closedAt = System.nanoTime();
                    closed = status != null;
                }
            }
        }
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
        Socket socket = send(
                port,
                "POST " + path + " HTTP/1.0",
                Map.of(
                        "Authorization", "Bearer " + token,
                        "Content-Type", "text/csv",
                        "Accept", "application/json"),
                first.length + rest.length,
                first);
        try {
            socket.setSoTimeout(60_000);
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
