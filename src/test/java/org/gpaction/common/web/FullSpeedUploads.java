package org.gpaction.common.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Clients sending a large body as fast as the connection takes it, made as it is sent (none of it held), and reading
 * the answer only once they have sent it all. An answer the server gives early reaches them only if the server goes on
 * reading what they send: a server that closes the connection while they still send resets it. Over loopback on Linux
 * the answer has arrived by then, and java.net.http.HttpClient (and curl) still read it; java.net.HttpURLConnection
 * writing in streaming mode, as it must to send a file it does not hold, fails on the write (as Python's urllib does),
 * its answer unread.
 */
final class FullSpeedUploads {

    static final long MEGABYTE = 1024 * 1024;

    /** The two clients in the JDK, each as a program sending a file would use it. */
    enum Client {
        URL_CONNECTION,
        HTTP_CLIENT
    }

    /** What the client got: the status, the headers and the body of the answer. */
    record Answer(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(header -> name.equalsIgnoreCase(header.getKey()))
                    .flatMap(header -> header.getValue().stream())
                    .findFirst();
        }
    }

    private FullSpeedUploads() {}

    /**
     * Sends {@code start} and filler up to {@code length} bytes in all: announcing that length, or in chunks announcing
     * none. An IOException is what the program sending it would have got instead of the answer.
     */
    static Answer post(
            Client client,
            int port,
            String path,
            Map<String, String> headers,
            String start,
            long length,
            boolean chunked)
            throws IOException, InterruptedException {
        URI address = URI.create("http://localhost:" + port + path);
        return switch (client) {
            case URL_CONNECTION -> withUrlConnection(address, headers, start, length, chunked);
            case HTTP_CLIENT -> withHttpClient(address, headers, start, length, chunked);
        };
    }

    private static Answer withUrlConnection(
            URI address, Map<String, String> headers, String start, long length, boolean chunked) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) address.toURL().openConnection();
        try {
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(60_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            if (chunked) {
                connection.setChunkedStreamingMode(64 * 1024);
            } else {
                connection.setFixedLengthStreamingMode(length);
            }
            headers.forEach(connection::setRequestProperty);
            try (OutputStream out = connection.getOutputStream();
                    InputStream file = new Made(start, length)) {
                file.transferTo(out);
            }
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(
                        status,
                        connection.getHeaderFields(),
                        body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    private static Answer withHttpClient(
            URI address, Map<String, String> headers, String start, long length, boolean chunked)
            throws IOException, InterruptedException {
        BodyPublisher made = BodyPublishers.ofInputStream(() -> new Made(start, length));
        HttpRequest.Builder request = HttpRequest.newBuilder(address)
                .timeout(Duration.ofSeconds(60))
                .POST(chunked ? made : BodyPublishers.fromPublisher(made, length));
        headers.forEach(request::header);
        HttpResponse<String> answer = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), answer.headers().map(), answer.body());
    }

    /** {@code start}, then the same filler line over and over, {@code length} bytes in all. */
    private static final class Made extends InputStream {

        private static final byte[] FILLER = "1234567,filler\n".getBytes(StandardCharsets.US_ASCII);

        private final byte[] start;
        private final long length;
        private long sent;

        Made(String start, long length) {
            this.start = start.getBytes(StandardCharsets.UTF_8);
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int wanted) {
            if (sent >= length) {
                return -1;
            }
            int n = (int) Math.min(wanted, length - sent);
            for (int i = 0; i < n; i++) {
                long at = sent + i;
                buffer[offset + i] =
                        at < start.length ? start[(int) at] : FILLER[(int) ((at - start.length) % FILLER.length)];
            }
            sent += n;
            return n;
        }
    }
}
