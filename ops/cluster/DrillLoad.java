import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drill's clients, run as a single-file program ({@code java DrillLoad.java …}, JDK only). Each client talks to
 * one of the GP Action instances, as people behind a load balancer would, and writes what it was answered, so the
 * drill can compare what clients were told with what the database holds.
 *
 * <pre>
 * votes    BASE_URLS TOKENS_FILE CLIENTS SECONDS OUT_FILE LEFTOVER_FILE
 * contacts BASE_URLS BEARER PRACTICES_FILE CLIENTS SECONDS OUT_FILE
 * </pre>
 *
 * BASE_URLS is comma-separated. A vote whose answer is lost (an error, a 5xx) is sent again with the same link until
 * it is answered, as a voter would press again: a 409 then means the first attempt had been recorded. A capacity
 * decision whose answer is lost is not sent again: it is another patient's request that comes next.
 */
public class DrillLoad {

    static final Pattern RECEIPT = Pattern.compile("\"receipt\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    static final Pattern OUTCOME = Pattern.compile("\"outcome\"\\s*:\\s*\"([A-Z]+)\"");

    static final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** Times (ms since the start) of answers that told the client no, and of answers that said yes. */
    static final ConcurrentLinkedQueue<long[]> answers = new ConcurrentLinkedQueue<>();

    static final AtomicLong refused = new AtomicLong();
    static long started;

    public static void main(String[] args) throws Exception {
        String[] urls = args[1].split(",");
        started = System.currentTimeMillis();
        if (args[0].equals("votes")) {
            votes(urls, Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]), Path.of(args[5]),
                    Path.of(args[6]));
        } else if (args[0].equals("contacts")) {
            contacts(urls, args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Path.of(args[6]));
        } else {
            throw new IllegalArgumentException("votes or contacts");
        }
    }

    static void votes(String[] urls, Path tokensFile, int clients, int seconds, Path out, Path leftover)
            throws Exception {
        ConcurrentLinkedQueue<String> tokens = new ConcurrentLinkedQueue<>(Files.readAllLines(tokensFile));
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        long deadline = started + seconds * 1000L;
        run(clients, client -> {
            String base = urls[client % urls.length];
            String token;
            while (System.currentTimeMillis() < deadline && (token = tokens.poll()) != null) {
                String body = "{\"token\":\"" + token + "\",\"choice\":\"" + (token.hashCode() % 3 == 0 ? "No" : "Yes")
                        + "\"}";
                while (true) {
                    Answer answer = post(base + "/api/vote", body, null);
                    if (answer.status == 201) {
                        Matcher m = RECEIPT.matcher(answer.body);
                        m.find();
                        lines.add(token + " 201 " + hex(m.group(1)) + " " + client + " " + answer.answeredMs);
                        break;
                    }
                    if (answer.status > 0 && answer.status < 500) {
                        lines.add(token + " " + answer.status + " - " + client + " " + answer.answeredMs);
                        break;
                    }
                    pause(100);
                }
            }
        });
        Files.write(out, lines);
        Files.write(leftover, new ArrayList<>(tokens));
        summary("votes", lines.stream().filter(l -> l.contains(" 201 ")).count());
    }

    static void contacts(String[] urls, String bearer, Path practicesFile, int clients, int seconds, Path out)
            throws Exception {
        List<String> practices = Files.readAllLines(practicesFile);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        long deadline = started + seconds * 1000L;
        run(clients, client -> {
            String base = urls[client % urls.length];
            for (int n = client; System.currentTimeMillis() < deadline; n += clients) {
                String ods = practices.get(n % practices.size());
                Answer answer = post(
                        base + "/api/practices/" + ods + "/contacts",
                        "{\"channel\":\"RECEPTION\",\"kind\":\"" + (n % 5 == 0 ? "URGENT" : "ROUTINE") + "\"}",
                        bearer);
                if (answer.status == 201) {
                    Matcher id = ID.matcher(answer.body);
                    Matcher outcome = OUTCOME.matcher(answer.body);
                    id.find();
                    outcome.find();
                    lines.add(id.group(1) + " " + outcome.group(1) + " " + ods);
                } else {
                    pause(100);
                }
            }
        });
        Files.write(out, lines);
        summary("decisions", lines.size());
    }

    record Answer(int status, String body, long answeredMs) {}

    static Answer post(String url, String json, String bearer) {
        long sent = System.currentTimeMillis() - started;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        int status;
        String body;
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
        } catch (Exception e) {
            status = 0;
            body = String.valueOf(e);
        }
        long answered = System.currentTimeMillis() - started;
        Answer answer = new Answer(status, body, answered);
        boolean ok = answer.status > 0 && answer.status < 500;
        if (!ok) {
            refused.incrementAndGet();
        }
        answers.add(new long[] {sent, answered, ok ? 1 : 0});
        return answer;
    }

    /**
     * Prints one line the drill reads: what was accepted, the rate, and the outage as clients saw it: from the first
     * refused request to the first accepted answer after the last refused one, and the longest any one request
     * waited.
     */
    static void summary(String what, long accepted) {
        long elapsed = System.currentTimeMillis() - started;
        long firstRefused = -1;
        long lastRefused = -1;
        long longest = 0;
        for (long[] a : answers) {
            longest = Math.max(longest, a[1] - a[0]);
            if (a[2] == 0) {
                firstRefused = firstRefused < 0 ? a[0] : Math.min(firstRefused, a[0]);
                lastRefused = Math.max(lastRefused, a[1]);
            }
        }
        long recovered = -1;
        for (long[] a : answers) {
            if (a[2] == 1 && a[1] > lastRefused && lastRefused >= 0) {
                recovered = recovered < 0 ? a[1] : Math.min(recovered, a[1]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "LOAD %s=%d seconds=%.1f per_second=%.1f refused=%d first_refused_ms=%d back_ms=%d outage_ms=%d "
                        + "longest_request_ms=%d%n",
                what,
                accepted,
                elapsed / 1000.0,
                accepted * 1000.0 / elapsed,
                refused.get(),
                firstRefused,
                recovered,
                firstRefused < 0 ? 0 : (recovered < 0 ? elapsed : recovered) - firstRefused,
                longest);
    }

    interface Client {
        void run(int client) throws Exception;
    }

    static void run(int clients, Client body) throws Exception {
        CountDownLatch done = new CountDownLatch(clients);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            Thread thread = new Thread(() -> {
                try {
                    body.run(client);
                } catch (Exception e) {
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
            threads.add(thread);
            thread.start();
        }
        done.await();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A receipt as shown (base32 in groups of four) back to the tracker's hex, as stored. */
    static String hex(String shown) {
        String s = shown.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        byte[] out = new byte[32];
        int buffer = 0;
        int bits = 0;
        int at = 0;
        for (char ch : s.toCharArray()) {
            buffer = (buffer << 5) | (ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch - '2' + 26);
            bits += 5;
            if (bits >= 8 && at < 32) {
                out[at++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return HexFormat.of().formatHex(out);
    }
}
