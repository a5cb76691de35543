package org.gpaction.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reference load and the load generator the benchmarks share: {@code pgbench -N} against the application's own
 * PostgreSQL, and wrk (a load generator in C, so the client takes as little of the two cores as pgbench's does).
 */
final class LoadTools {

    /** What wrk's Lua {@code done} hook printed: requests, microseconds, p50 and p99 in microseconds, non-2xx. */
    record WrkFigures(long requests, double seconds, double p50Millis, double p99Millis, long refused) {

        double perSecond() {
            return (requests - refused) / seconds;
        }
    }

    static final String WRK_DONE = """
            function done(summary, latency, requests)
              io.write(string.format("FIGURES %d %d %d %d %d\\n", summary.requests, summary.duration,
                latency:percentile(50), latency:percentile(99), summary.errors.status))
            end
            """;

    private LoadTools() {}

    /**
     * What pgbench measured, and who used the processors while it did; the latencies are of a tenth of its
     * transactions, drawn at random by pgbench, so that writing them down costs the reference almost nothing.
     */
    record PgbenchFigures(double tps, long transactions, CpuSplit.Used used, double p50Millis, double p99Millis) {}

    /** The share of pgbench's measured transactions whose latency it writes down. */
    static final double PGBENCH_LATENCY_SAMPLE = 0.1;

    /**
     * pgbench -N (the TPC-B-like write without the contended branch updates) with this many clients, measured after a
     * warm-up run of its own whose figures are dropped, so that the reference gets the same warm-up as the load it is
     * compared with; {@code cpu} samples who used the processors over the measured run alone.
     */
    static PgbenchFigures pgbench(
            String jdbcUrl, String user, String password, int clients, int warmUpSeconds, int seconds, CpuSplit cpu)
            throws Exception {
        Matcher matcher =
                Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)").matcher(jdbcUrl);
        if (!matcher.find()) {
            throw new IllegalStateException("Cannot read host and port from " + jdbcUrl);
        }
        String pgbench = Files.exists(Path.of("/usr/lib/postgresql/15/bin/pgbench"))
                ? "/usr/lib/postgresql/15/bin/pgbench"
                : "pgbench";
        List<String> connection = List.of("-h", matcher.group(1), "-p", matcher.group(2), "-U", user, matcher.group(3));
        Map<String, String> env = password == null || password.isEmpty() ? Map.of() : Map.of("PGPASSWORD", password);
        // Sampled only once the backends of the runs before (the initialisation's, the warm-up's) are gone, so that
        // none is counted as alive before and again as reaped after.
        CpuSplit.Sample idle = cpu.settledSample();
        run(concat(List.of(pgbench, "-i", "-q", "-s", "10"), connection), env);
        List<String> load = List.of(pgbench, "-N", "-c", String.valueOf(clients), "-j", "2", "-T");
        if (warmUpSeconds > 0) {
            run(concat(concat(load, List.of(String.valueOf(warmUpSeconds))), connection), env);
        }
        Path logs = Files.createTempDirectory("pgbench-latency");
        List<String> logged = concat(
                load.subList(0, load.size() - 1),
                List.of(
                        "-l",
                        "--sampling-rate=" + PGBENCH_LATENCY_SAMPLE,
                        "--log-prefix=" + logs.resolve("txn"),
                        "-T",
                        String.valueOf(seconds)));
        CpuSplit.Sample before = cpu.sampleOnceGone(idle);
        String output = run(concat(logged, connection), env);
        CpuSplit.Used used = CpuSplit.between(before, cpu.sampleOnceGone(idle));
        long[] latencies = latenciesMicros(logs);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)")
                .matcher(output);
        Matcher processed = Pattern.compile("number of transactions actually processed: (\\d+)")
                .matcher(output);
        if (!tps.find() || !processed.find()) {
            throw new IllegalStateException("No tps in pgbench output:\n" + output);
        }
        return new PgbenchFigures(
                Double.parseDouble(tps.group(1)),
                Long.parseLong(processed.group(1)),
                used,
                percentile(latencies, 50) / 1e3,
                percentile(latencies, 99) / 1e3);
    }

    /**
     * The latencies in pgbench's transaction logs (one file per thread; the third field of each line is the
     * transaction's time in microseconds), sorted; the logs are deleted once read.
     */
    static long[] latenciesMicros(Path logs) throws IOException {
        List<Path> files;
        try (Stream<Path> listed = Files.list(logs)) {
            files = listed.toList();
        }
        long[] all = new long[1024];
        int n = 0;
        for (Path file : files) {
            try (BufferedReader reader = Files.newBufferedReader(file)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    String[] fields = line.split(" ");
                    if (n == all.length) {
                        all = Arrays.copyOf(all, n * 2);
                    }
                    all[n++] = Long.parseLong(fields[2]);
                }
            }
            Files.delete(file);
        }
        Files.delete(logs);
        if (n == 0) {
            throw new IllegalStateException("pgbench wrote no transaction latencies in " + logs);
        }
        long[] latencies = Arrays.copyOf(all, n);
        Arrays.sort(latencies);
        return latencies;
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static WrkFigures wrk(Path script, String url, int connections, int seconds, String... scriptArgs)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "wrk",
                "-t",
                String.valueOf(Math.min(2, connections)),
                "-c",
                String.valueOf(connections),
                "-d",
                seconds + "s",
                "-s",
                script.toString(),
                url));
        if (scriptArgs.length > 0) {
            command.add("--");
            command.addAll(List.of(scriptArgs));
        }
        String output = run(command, Map.of());
        Matcher figures =
                Pattern.compile("FIGURES (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(output);
        if (!figures.find()) {
            throw new IllegalStateException("No figures in wrk's output:\n" + output);
        }
        return new WrkFigures(
                Long.parseLong(figures.group(1)),
                Long.parseLong(figures.group(2)) / 1e6,
                Long.parseLong(figures.group(3)) / 1e3,
                Long.parseLong(figures.group(4)) / 1e3,
                Long.parseLong(figures.group(5)));
    }

    static String run(List<String> command, Map<String, String> env) throws Exception {
        // Nothing on standard input: a tool that would prompt (pgbench for a password) fails instead of waiting.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output.toString();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
