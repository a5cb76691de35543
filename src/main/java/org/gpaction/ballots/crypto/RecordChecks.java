package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;

/** What every check of a ballot record shares: reading its files, and writing down what held and what failed. */
final class RecordChecks {

    static final int MOST_LINES_SHOWN = 20;

    private RecordChecks() {}

    /** As the JSON reads back, so that numbers compare by value. */
    static JsonNode reread(JsonNode n) {
        return RecordJson.read(RecordJson.write(n), "generated JSON");
    }

    /**
     * The most bytes a JSON file of a record may have (64 MiB). The largest a real one gets is tally.json when every
     * paper is spoilt: for 200,000 papers, each with a reason longer than any the count gives, it is about 46,700,000
     * bytes (BallotRecordTests measures it), and no other file comes near: 10 trustees' shares of 1,000 options take
     * about 2.5 MB.
     */
    static final int LARGEST_JSON = 64 * 1024 * 1024;

    /**
     * A JSON file of the record, read strictly. Its bytes are read as they inflate, never more than the limit: a small
     * zip can declare and hold gigabytes, which would fill the memory before a line could say what is wrong.
     */
    static JsonNode json(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CryptoFormatException(name + " is missing");
        }
        if (entry.getSize() > LARGEST_JSON) {
            throw tooLarge(name);
        }
        try (InputStream in = open(zip, entry)) {
            return json(in, name);
        }
    }

    /** A JSON file read strictly, of no more bytes than a record's may have. */
    static JsonNode json(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(LARGEST_JSON + 1);
        if (bytes.length > LARGEST_JSON) {
            throw tooLarge(name);
        }
        return StrictRecordReader.read(bytes, name);
    }

    private static CryptoFormatException tooLarge(String name) {
        return new CryptoFormatException(String.format(
                Locale.UK,
                "%s is larger than %,d bytes, the most a JSON file of a record may have",
                name,
                LARGEST_JSON));
    }

    /**
     * An entry's bytes: as many as the zip's directory gives as its size, no more, and they must match the CRC-32 it
     * gives them. Read to its end, an entry shorter than that size, or whose bytes do not match, fails the record, as
     * it does for any zip reader that checks them.
     */
    static InputStream open(ZipFile zip, ZipEntry entry) throws IOException {
        return new Checked(zip.getInputStream(entry), entry);
    }

    /** The JDK's CRC-32 as the bytes are read (its skip reads through too), held to the size and checked at the end. */
    private static final class Checked extends CheckedInputStream {

        private final ZipEntry entry;
        private long size;
        private boolean checked;

        Checked(InputStream in, ZipEntry entry) {
            super(in, new CRC32());
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long left = entry.getSize() < 0 ? Long.MAX_VALUE : entry.getSize() - size;
            int n = left == 0 ? -1 : super.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                atEnd();
            } else {
                size += n;
            }
            return n;
        }

        private void atEnd() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            if ((entry.getSize() >= 0 && entry.getSize() != size)
                    || (entry.getCrc() >= 0 && entry.getCrc() != getChecksum().getValue())) {
                throw new ZipException(entry.getName() + " is damaged: its bytes do not match the CRC-32 and size"
                        + " the zip gives them");
            }
        }
    }

    static void check(boolean ok, String pass, String fail, List<String> passed, List<String> failed) {
        (ok ? passed : failed).add(ok ? pass : fail);
    }

    static List<Integer> plusOne(List<Integer> indexes) {
        return indexes.stream().map(i -> i + 1).toList();
    }

    static String shown(List<String> items) {
        return shown(items, items.size());
    }

    /** The first of {@code total} items, as many as are shown, and how many more there are. */
    static String shown(List<String> first, long total) {
        List<String> named = first.subList(0, Math.min(first.size(), MOST_LINES_SHOWN));
        String shown = String.join("; ", named);
        return total == named.size() ? shown : shown + "; and " + (total - named.size()) + " more";
    }
}
