package org.gpaction.ballots.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 2024 ballot at full scale: 12,590 eligible, 8,375 Yes and 143 No, through encryption, the count, two
 * trustees' decryption shares, the record and the verifier. Prints how long each step took.
 */
class Replay2024Tests {

    @TempDir
    Path dir;

    @Test
    void the2024BallotEncryptedCountedDecryptedAndVerifiedGivesThePublishedFigures() throws Exception {
        SecureRandom random = new SecureRandom();
        List<TrusteeKey> trustees = Elections.trustees(2, random);
        Election election = Elections.yesNo(trustees);
        int yes = 8375;
        int no = 143;

        long t0 = System.nanoTime();
        List<byte[]> ballots = IntStream.range(0, yes + no)
                .parallel()
                .mapToObj(i -> election.encrypt(i < yes ? 0 : 1, random).encode())
                .toList();
        long t1 = System.nanoTime();
        Path record = dir.resolve("record.zip");
        long[] counts = Records.write(record, election, trustees, ballots, random);
        long t2 = System.nanoTime();
        Verifier.Report report = Verifier.verify(record);
        long t3 = System.nanoTime();

        assertThat(counts).containsExactly(yes, no);
        assertThat(report.failed()).isEmpty();
        assertThat(report.passed()).anyMatch(p -> p.contains("Yes 8375, No 143"));
        double turnout = 100.0 * (yes + no) / 12_590;
        assertThat(String.format(Locale.UK, "%.1f", turnout)).isEqualTo("67.7");
        System.out.printf(
                Locale.UK,
                "CRYPTO 2024 replay, %d ballots on %d processors: encrypt %.1f s, count+decrypt+write %.1f s,"
                        + " verify %.1f s%n",
                yes + no,
                Runtime.getRuntime().availableProcessors(),
                (t1 - t0) / 1e9,
                (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);
    }
}
