package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./mvnw -Pbench verify -Dtest=CryptoBenchmark}: prints BENCH lines for encrypting and verifying one
 * 2-option ballot, counting 200,000 (sums only, as at the close, whose ballots were checked when cast), combining
 * the shares, and verifying a 20,000-ballot record (from which a 200,000-ballot verification is extrapolated).
 */
public class CryptoBenchmark {

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final List<TrusteeKey> trustees = Elections.trustees(2, random);
    private final Election election = Elections.yesNo(trustees);

    /** Runs the measurement without Maven: {@code java -cp … org.gpaction.ballots.crypto.CryptoBenchmark}. */
    public static void main(String[] args) throws Exception {
        CryptoBenchmark bench = new CryptoBenchmark();
        bench.dir = Files.createTempDirectory("crypto-bench");
        bench.measuresTheBallotCryptography();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void measuresTheBallotCryptography() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < 1000; i++) {
            election.check(
                    EncryptedBallot.decode(election.encrypt(i % 2, random).encode()));
        }
        int n = 2000;
        byte[][] encoded = new byte[n][];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            encoded[i] = election.encrypt(i % 2, random).encode();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(election.check(EncryptedBallot.decode(encoded[i]))).isNull();
        }
        long t2 = System.nanoTime();
        System.out.printf(
                Locale.UK,
                "BENCH crypto: one 2-option ballot encrypted with its proofs in %.2f ms, decoded and verified in %.2f"
                        + " ms (one thread, mean of %,d)%n",
                (t1 - t0) / 1e6 / n,
                (t2 - t1) / 1e6 / n,
                n);

        // 200,000 ballots for the sums: real ciphertexts of one template, each alpha moved by G so none is a copy.
        int big = 200_000;
        byte[] template = encoded[0];
        List<byte[]> many = new ArrayList<>(big);
        ECPoint alpha = EncryptedBallot.decode(template).ciphertexts().get(0).alpha();
        for (int i = 0; i < big; i++) {
            alpha = alpha.add(Group.G).normalize();
            byte[] b = template.clone();
            System.arraycopy(Group.encodePoint(alpha), 0, b, 3, Group.POINT_BYTES);
            many.add(b);
        }
        long cpu0 = processCpuNanos();
        long t3 = System.nanoTime();
        EncryptedTally sums = Tally.count(election, many.iterator(), false);
        long t4 = System.nanoTime();
        long cpu1 = processCpuNanos();
        assertThat(sums.counted()).isEqualTo(big);
        List<DecryptionShare> shares = Elections.shares(election, trustees, sums, random);
        long t5 = System.nanoTime();
        try {
            DecryptionShare.combine(election, sums.totals(), shares, big);
        } catch (IllegalArgumentException expected) {
            // The moved alphas do not decrypt to small totals; the time of the checks and the search is what counts.
        }
        long t6 = System.nanoTime();
        System.out.printf(
                Locale.UK,
                "BENCH crypto: %,d encrypted ballots summed per option (decoded, not proof-checked) in %.1f s on %d"
                        + " processors (%.1f s of CPU); every share checked and combined, discrete log up to %,d, in %.0f ms"
                        + " (target 5 s)%n",
                big,
                (t4 - t3) / 1e9,
                processors,
                (cpu1 - cpu0) / 1e9,
                big,
                (t6 - t5) / 1e6);

        int recordSize = 20_000;
        List<byte[]> real = IntStream.range(0, recordSize)
                .parallel()
                .mapToObj(i -> election.encrypt(i % 3 == 0 ? 1 : 0, random).encode())
                .toList();
        long t7 = System.nanoTime();
        EncryptedTally checked = Tally.count(election, real.iterator(), true);
        long t8 = System.nanoTime();
        Path record = dir.resolve("record.zip");
        List<DecryptionShare> realShares = Elections.shares(election, trustees, checked, random);
        long[] counts = DecryptionShare.combine(election, checked.totals(), realShares, recordSize);
        try (OutputStream out = Files.newOutputStream(record);
                RecordWriter w = new RecordWriter(out, election)) {
            real.forEach(w::ballot);
            w.finish(checked, realShares, counts);
        }
        long t9 = System.nanoTime();
        Verifier.Report report = Verifier.verify(record);
        long t10 = System.nanoTime();
        assertThat(report.failed()).isEmpty();
        double verifySeconds = (t10 - t9) / 1e9;
        System.out.printf(
                Locale.UK,
                "BENCH crypto: %,d ballots counted with every proof checked in %.1f s; record of %,d MB written"
                        + " in %.1f s; verified in %.1f s on %d processors, so about %.0f s for 200,000"
                        + " (aim 600 s)%n",
                recordSize,
                (t8 - t7) / 1e9,
                Files.size(record) / 1_000_000,
                (t9 - t8) / 1e9,
                verifySeconds,
                processors,
                verifySeconds * 200_000 / recordSize);
    }
}
