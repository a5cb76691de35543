package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the ballot record, a zip, in one pass: {@code election.json} and {@code trustees.json} at once, then each
 * ballot as it is streamed into {@code ballots.txt}, then {@code tally.json}, {@code shares.json} and
 * {@code result.json}. A ballot's line is its tracker in hex, a space, its canonical encoding in base64url without
 * padding, and a line feed.
 */
public final class RecordWriter implements AutoCloseable {

    public static final String ELECTION = "election.json";
    public static final String TRUSTEES = "trustees.json";
    public static final String BALLOTS = "ballots.txt";
    public static final String TALLY = "tally.json";
    public static final String SHARES = "shares.json";
    public static final String RESULT = "result.json";

    private final ZipOutputStream zip;
    private final Election election;
    private boolean finished;

    public RecordWriter(OutputStream out, Election election) {
        this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        this.election = election;
        try {
            entry(ELECTION, RecordJson.write(ElectionJson.election(election)));
            entry(TRUSTEES, RecordJson.write(ElectionJson.trustees(election)));
            zip.putNextEntry(entry(BALLOTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds one encrypted ballot, in its canonical encoding, in the order the tally saw them. */
    public void ballot(byte[] encoded) {
        if (finished) {
            throw new IllegalStateException("The record is finished");
        }
        try {
            zip.write(line(encoded));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] line(byte[] encoded) {
        String line = Tracker.hex(Hashes.sha256(encoded)) + " "
                + Base64.getUrlEncoder().withoutPadding().encodeToString(encoded) + "\n";
        return line.getBytes(StandardCharsets.US_ASCII);
    }

    /** Ends the ballots and writes the tally, every trustee's share and the result. */
    public void finish(EncryptedTally tally, List<DecryptionShare> shares, long[] counts) {
        try {
            zip.closeEntry();
            finished = true;
            entry(TALLY, RecordJson.write(TallyJson.tally(election, tally)));
            entry(SHARES, RecordJson.write(DecryptionShareJson.shares(election.extendedBaseHash(), shares)));
            entry(RESULT, RecordJson.write(ResultJson.result(election, tally, counts)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the ballots and writes the tally only: the record a trustee checks before decrypting. */
    public void finishBeforeDecryption(EncryptedTally tally) {
        try {
            zip.closeEntry();
            finished = true;
            entry(TALLY, RecordJson.write(TallyJson.tally(election, tally)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry carries the same fixed time, written as the zip's local date and time (no time zone, no extra
     * field), so the same record is the same bytes whenever and wherever it is written: one hash of it can be
     * published and compared.
     */
    static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    private void entry(String name, byte[] content) throws IOException {
        zip.putNextEntry(entry(name));
        zip.write(content);
        zip.closeEntry();
    }

    @Override
    public void close() {
        try {
            if (!finished) {
                zip.closeEntry();
            }
            zip.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
