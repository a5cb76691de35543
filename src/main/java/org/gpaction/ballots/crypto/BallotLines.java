package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The ballots of a record's ballots.txt, read as they stream: every line must be exactly a tracker in lowercase hex, a
 * space, the ballot in base64url without padding (in its one canonical spelling) and a line feed, and the tracker
 * must be the SHA-256 of the ballot. A line that is not is a fault of the record, counted in {@link #problemCount()}
 * and, among the first, named in {@link #problems()}; it still takes its position, and the ballot read from it is
 * counted or spoilt as any is, so that the fault is named alone. A line with no ballot to read (too long, not the shape of a line, or not the one base64url spelling of some
 * bytes) gives null: it is neither counted nor spoilt (the record's document, section 6).
 */
final class BallotLines implements Iterator<byte[]> {

    /** With padding, which is read (so that the fault is named alone) and then refused. */
    private static final Pattern LINE = Pattern.compile("[0-9a-f]{64} [A-Za-z0-9_=-]*");
    /** The longest a right line can be: a tracker, a space and the longest ballot in base64url. */
    private static final int LONGEST = 65 + (EncryptedBallot.encodedLength(Election.MOST_OPTIONS) * 4 + 2) / 3;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int at;
    private int end;
    private boolean ended;
    private byte[] next;
    private long lines;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    BallotLines(InputStream in) {
        this.in = in;
        this.next = readLine();
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public byte[] next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        lines++;
        byte[] ballot = ballot(next);
        next = readLine();
        return ballot;
    }

    long lines() {
        return lines;
    }

    /**
     * The first wrong lines, as many as a failed check shows: a small zip can hold millions of wrong lines, and a
     * text kept for each would fill the memory.
     */
    List<String> problems() {
        return problems;
    }

    /** How many lines are wrong, named in {@link #problems()} or not. */
    long problemCount() {
        return problemCount;
    }

    private void problem(String problem) {
        problemCount++;
        if (problems.size() < RecordChecks.MOST_LINES_SHOWN) {
            problems.add(problem);
        }
    }

    private byte[] ballot(byte[] line) {
        if (line.length > LONGEST) {
            problem("line " + lines + " is longer than any ballot's");
            return null;
        }
        String text = new String(line, StandardCharsets.ISO_8859_1);
        if (!LINE.matcher(text).matches()) {
            problem("line " + lines + " is not a tracker in lowercase hex, a space and a ballot in base64url");
            return null;
        }
        String base64 = text.substring(65);
        byte[] encoded;
        try {
            encoded = Base64.getUrlDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            problem("line " + lines + ": not base64url");
            return null;
        }
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(encoded).equals(base64)) {
            // Padding, or spare bits that are not 0: other text for the same bytes.
            problem("line " + lines + ": the ballot is not in base64url as written without padding (no =, spare"
                    + " bits 0)");
            return null;
        }
        String tracker = Tracker.hex(Hashes.sha256(encoded));
        if (!text.startsWith(tracker)) {
            problem("line " + lines + ": tracker " + text.substring(0, 64) + " is not the hash of the ballot ("
                    + tracker + ")");
        }
        return encoded;
    }

    /** The next line without its line feed, or null at the end; a last line without one is named a problem. */
    private byte[] readLine() {
        byte[] line = new byte[0];
        int length = 0;
        while (true) {
            if (at == end && !fill()) {
                if (length == 0) {
                    return null;
                }
                problem("line " + (lines + 1) + " does not end with a line feed");
                return Arrays.copyOf(line, length);
            }
            int from = at;
            while (at < end && buffer[at] != '\n') {
                at++;
            }
            // Past the longest right line the rest is only skipped, so that a huge line cannot fill the memory.
            int taken = Math.min(at - from, LONGEST + 1 - length);
            if (taken > 0) {
                line = Arrays.copyOf(line, Math.max(line.length, length + taken));
                System.arraycopy(buffer, from, line, length, taken);
                length += taken;
            }
            if (at < end) {
                at++;
                return Arrays.copyOf(line, length);
            }
        }
    }

    private boolean fill() {
        if (ended) {
            return false;
        }
        try {
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
                return false;
            }
            at = 0;
            end = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
