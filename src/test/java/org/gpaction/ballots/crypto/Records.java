package org.gpaction.ballots.crypto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
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
        return rewrite(
                record,
                entries -> entries.stream()
                        .map(e -> e.name().equals(entryName) ? new Entry(e.name(), change.apply(e.text())) : e)
                        .toList());
    }

    /** A zip entry, its name and its bytes. */
    record Entry(String name, byte[] content) {
        Entry(String name, String text) {
            this(name, text.getBytes(StandardCharsets.UTF_8));
        }

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    /**
     * A copy of the record with its entries, in order, changed. Two entries may have one name, which ZipOutputStream
     * refuses to write: the later is written under a name of the same length and renamed in the zip's bytes.
     */
    static Path rewrite(Path record, UnaryOperator<List<Entry>> change) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(record.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                try (InputStream in = zip.getInputStream(e)) {
                    entries.add(new Entry(e.getName(), in.readAllBytes()));
                }
            }
        }
        Set<String> names = new HashSet<>();
        Map<String, String> renamed = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Entry e : change.apply(entries)) {
                String name = e.name();
                if (!names.add(name)) {
                    name = "#" + name.substring(1);
                    renamed.put(name, e.name());
                }
                out.putNextEntry(new ZipEntry(name));
                out.write(e.content());
                out.closeEntry();
            }
        }
        String zipped = bytes.toString(StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> r : renamed.entrySet()) {
            zipped = zipped.replace(r.getKey(), r.getValue());
        }
        Path copy = Files.createTempFile(record.getParent(), "tampered", ".zip");
        Files.write(copy, zipped.getBytes(StandardCharsets.ISO_8859_1));
        return copy;
    }

    /**
     * A copy of the record with {@code extra} bytes of white space deflated after one entry's bytes: a zip of a few
     * megabytes that unpacks to far more. With {@code sizeKept}, the zip's central directory still gives that
     * entry the size and CRC-32 of its own bytes, as though the white space were not there: a reader that holds an
     * entry to the size its directory gives reads the entry as it was, one that inflates all its data reads the rest.
     */
    static Path padded(Path record, String entryName, long extra, boolean sizeKept) throws IOException {
        byte[] own;
        try (ZipFile zip = new ZipFile(record.toFile());
                InputStream in = zip.getInputStream(zip.getEntry(entryName))) {
            own = in.readAllBytes();
        }
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        Path copy = Files.createTempFile(record.getParent(), "padded", ".zip");
        try (ZipFile zip = new ZipFile(record.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            out.setLevel(Deflater.BEST_SPEED);
            for (ZipEntry e : Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (InputStream in = zip.getInputStream(e)) {
                    in.transferTo(out);
                }
                if (e.getName().equals(entryName)) {
                    for (long written = 0; written < extra; written += spaces.length) {
                        out.write(spaces, 0, (int) Math.min(spaces.length, extra - written));
                    }
                }
                out.closeEntry();
            }
        }
        if (sizeKept) {
            ByteBuffer zipped = ByteBuffer.wrap(Files.readAllBytes(copy)).order(ByteOrder.LITTLE_ENDIAN);
            int header = centralHeader(zipped.array(), entryName);
            CRC32 crc = new CRC32();
            crc.update(own);
            zipped.putInt(header + 16, (int) crc.getValue());
            zipped.putInt(header + 24, own.length);
            Files.write(copy, zipped.array());
        }
        return copy;
    }

    /**
     * A copy of the record whose zip directory gives one entry a byte more than its data inflates to, the CRC-32 still
     * that of its bytes: a reader that stops where the data ends, without comparing the sizes, reads it as it was.
     */
    static Path sizeOverstated(Path record, String entryName) throws IOException {
        ByteBuffer zipped = ByteBuffer.wrap(Files.readAllBytes(record)).order(ByteOrder.LITTLE_ENDIAN);
        int header = centralHeader(zipped.array(), entryName);
        zipped.putInt(header + 24, zipped.getInt(header + 24) + 1);
        Path copy = Files.createTempFile(record.getParent(), "overstated", ".zip");
        Files.write(copy, zipped.array());
        return copy;
    }

    /** Where the zip's central directory header for this entry begins (PK 1 2, its name 46 bytes on). */
    private static int centralHeader(byte[] zipped, String entryName) {
        byte[] name = entryName.getBytes(StandardCharsets.US_ASCII);
        for (int at = zipped.length - 46 - name.length; at >= 0; at--) {
            boolean signature =
                    zipped[at] == 'P' && zipped[at + 1] == 'K' && zipped[at + 2] == 1 && zipped[at + 3] == 2;
            if (signature && Arrays.equals(zipped, at + 46, at + 46 + name.length, name, 0, name.length)) {
                return at;
            }
        }
        throw new IllegalArgumentException("no central directory header for " + entryName);
    }

    /** A copy of the record with its entries stored rather than deflated. */
    static Path stored(Path record) throws IOException {
        Path copy = Files.createTempFile(record.getParent(), "stored", ".zip");
        Files.write(copy, storedBytes(record));
        return copy;
    }

    /**
     * A copy of the record with its entries stored, and in the stored bytes of one entry its first space made a tab,
     * its CRC-32 left as it was: the JSON still reads, the zip is damaged.
     */
    static Path damaged(Path record, String entryName) throws IOException {
        byte[] zipped = storedBytes(record);
        byte[] target = entry(record, entryName).getBytes(StandardCharsets.UTF_8);
        int at = indexOf(zipped, target);
        int space = indexOf(java.util.Arrays.copyOfRange(zipped, at, at + target.length), new byte[] {' '});
        zipped[at + space] = '\t';
        Path copy = Files.createTempFile(record.getParent(), "damaged", ".zip");
        Files.write(copy, zipped);
        return copy;
    }

    /**
     * A copy of the record with its entries stored, and the name in one entry's local header changed in its last
     * letter (as long as before), the central directory left as it was: a reader going by the directory finds every
     * file, one going by the local headers finds another name.
     */
    static Path localNameChanged(Path record, String entryName) throws IOException {
        byte[] zipped = storedBytes(record);
        byte[] name = entryName.getBytes(StandardCharsets.US_ASCII);
        int header = -1;
        for (int at = 0; at + 30 + name.length <= zipped.length; at++) {
            boolean signature =
                    zipped[at] == 'P' && zipped[at + 1] == 'K' && zipped[at + 2] == 3 && zipped[at + 3] == 4;
            if (signature && java.util.Arrays.equals(zipped, at + 30, at + 30 + name.length, name, 0, name.length)) {
                header = at;
                break;
            }
        }
        if (header < 0) {
            throw new IllegalArgumentException("no local header for " + entryName);
        }
        zipped[header + 30 + name.length - 1]++;
        Path copy = Files.createTempFile(record.getParent(), "renamed", ".zip");
        Files.write(copy, zipped);
        return copy;
    }

    private static byte[] storedBytes(Path record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipFile zip = new ZipFile(record.toFile());
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry e = all.nextElement();
                byte[] content;
                try (InputStream in = zip.getInputStream(e)) {
                    content = in.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(content);
                ZipEntry stored = new ZipEntry(e.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(content.length);
                stored.setCompressedSize(content.length);
                stored.setCrc(crc.getValue());
                out.putNextEntry(stored);
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] in, byte[] wanted) {
        for (int i = 0; i + wanted.length <= in.length; i++) {
            if (java.util.Arrays.equals(in, i, i + wanted.length, wanted, 0, wanted.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    /** A line of ballots.txt with one character of its ballot changed, its tracker left as it was. */
    static String withACharacterChanged(String line) {
        char[] chars = line.toCharArray();
        chars[100] = chars[100] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    /**
     * A line of ballots.txt whose ballot (583 bytes, so its last base64url character holds 2 bits and 4 spare ones)
     * has a spare bit set: other text for the same bytes.
     */
    static String withASpareBitSet(String line) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = line.charAt(line.length() - 1);
        return line.substring(0, line.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
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
