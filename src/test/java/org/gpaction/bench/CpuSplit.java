package org.gpaction.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who used the machine's processors over a run, read from Linux's {@code /proc}: this JVM, the PostgreSQL server (its
 * postmaster and every backend, including those that exited during the run, whose time the postmaster collects when
 * it reaps them) and the rest (the load generator, the kernel's own work, anything else running). For the benchmarks'
 * notes on where a unit of work's time goes, beside the reference's; never a target in itself.
 */
final class CpuSplit {

    /** Linux's clock ticks a second in {@code /proc} ({@code getconf CLK_TCK}: 100 on every x86 build). */
    private static final double TICKS = 100.0;

    /**
     * Cumulative ticks at one moment, how many backends the server had then and how many of them had ended but were not
     * yet reaped: Linux shows such a zombie's times as 0 until the postmaster reaps it and takes them over.
     */
    record Sample(long jvm, long postgres, long busy, long total, int backends, int unreaped) {}

    /** Seconds of processor used between two samples, and of the machine's processors that were there to use. */
    record Used(double jvm, double postgres, double rest, double available) {

        /** Per unit of work (a decision, a transaction), in milliseconds of one processor. */
        String per(long units, String unit) {
            return String.format(
                    "per %s: JVM %.2f ms, PostgreSQL %.2f ms, rest of the machine %.2f ms (%.0f%% of the machine busy)",
                    unit,
                    jvm * 1000 / units,
                    postgres * 1000 / units,
                    rest * 1000 / units,
                    100 * (jvm + postgres + rest) / available);
        }
    }

    private final long postmaster;

    /** @param anyBackend the pid of one of the server's backends ({@code select pg_backend_pid()}) */
    CpuSplit(long anyBackend) throws IOException {
        this.postmaster = stat(Path.of("/proc", String.valueOf(anyBackend), "stat"))[1];
    }

    Sample sample() throws IOException {
        long[] self = stat(Path.of("/proc/self/stat"));
        long[] server = stat(Path.of("/proc", String.valueOf(postmaster), "stat"));
        long postgres = server[11] + server[12] + server[13] + server[14];
        int backends = 0;
        int unreaped = 0;
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    long[] s = stat(process.resolve("stat"));
                    if (s[1] == postmaster) {
                        postgres += s[11] + s[12];
                        backends++;
                        if (s[0] == 'Z') {
                            unreaped++;
                        }
                    }
                } catch (IOException gone) {
                    // A process that ended while the list was read: if a backend, the postmaster has its time.
                }
            }
        }
        String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        long total = 0;
        for (int i = 1; i < cpu.length && i <= 8; i++) {
            long ticks = Long.parseLong(cpu[i]);
            total += ticks;
            // user, nice, system, idle, iowait, irq, softirq, steal: all but idle and iowait are busy.
            if (i != 4 && i != 5) {
                busy += ticks;
            }
        }
        return new Sample(self[11] + self[12], postgres, busy, total, backends, unreaped);
    }

    /** A sample with no backend ended but not yet reaped (up to 5 s): for runs whose connections stay open. */
    Sample settledSample() throws IOException, InterruptedException {
        Sample now = sample();
        for (int i = 0; i < 50 && now.unreaped() > 0; i++) {
            Thread.sleep(100);
            now = sample();
        }
        return now;
    }

    /**
     * A sample once the backends of clients that have just gone (pgbench's) have ended and been reaped, so that their
     * time is the postmaster's to count, neither missed nor counted twice: waits, up to 5 s, for no backend ended but
     * not yet reaped and no more backends than {@code idle} had.
     */
    Sample sampleOnceGone(Sample idle) throws IOException, InterruptedException {
        Sample now = sample();
        for (int i = 0; i < 50 && (now.unreaped() > 0 || now.backends() > idle.backends()); i++) {
            Thread.sleep(100);
            now = sample();
        }
        return now;
    }

    /**
     * The times of {@code /proc/<pid>/stat} from the state on: [0] state (its letter), [1] parent, …, [11] user, [12]
     * system, [13] children's user, [14] children's system (the command's name, before them, may hold spaces).
     */
    private static long[] stat(Path file) throws IOException {
        String line = Files.readString(file);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        long[] values = new long[15];
        values[0] = fields[0].charAt(0);
        for (int i = 1; i < values.length; i++) {
            values[i] = Long.parseLong(fields[i]);
        }
        return values;
    }

    static Used between(Sample before, Sample after) {
        double jvm = (after.jvm() - before.jvm()) / TICKS;
        double postgres = (after.postgres() - before.postgres()) / TICKS;
        double busy = (after.busy() - before.busy()) / TICKS;
        // /proc/stat counts all processors' ticks at the same rate, so its total is processors × seconds.
        return new Used(jvm, postgres, Math.max(0, busy - jvm - postgres), (after.total() - before.total()) / TICKS);
    }
}
