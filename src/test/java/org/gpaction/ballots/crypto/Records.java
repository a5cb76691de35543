package org.gpaction.ballots.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Enumeration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Writes whole records and tampered copies of them for the tests. */
final class Records {

    private Records() {}

    /** Counts, decrypts with every trustee and writes the whole record; answers the counts. */
    static long[] write(
            Path target, Election election, List<TrusteeKey> trustees, List<byte[]> ballots, SecureRandom random)
            throws IOException {
        EncryptedTally tally = Tally.count(election, ballots.iterator(), true);
        List<DecryptionShare> shares = Elections.shares(election, trustees, tally, random);
        long[] counts = DecryptionShare.combine(election, tally.totals(), shares, tally.counted());
        try (OutputStream out = Files.newOutputStream(target);
                RecordWriter writer = new RecordWriter(out, election)) {
            ballots.forEach(writer::ballot);
            writer.finish(tally, shares, counts);
        }
        return counts;
    }

    /** A copy of the record with one entry's text changed. */
    static Path tamper(Path record, String entryName, UnaryOperator<String> change) throws IOException {
        Path copy = Files.createTempFile(record.getParent(), "tampered", ".zip");
        try (ZipFile zip = new ZipFile(record.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] content;
                try (InputStream in = zip.getInputStream(e)) {
                    content = in.readAllBytes();
                }
                if (e.getName().equals(entryName)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return copy;
    }

    static String entry(Path record, String name) throws IOException {
        try (ZipFile zip = new ZipFile(record.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CryptoCommands.run(args, new java.io.PrintStream(out, true), new java.io.PrintStream(err, true));
        return "exit " + code + "\n" + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
