package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.gpaction.common.CountWords;
import tools.jackson.databind.JsonNode;

/**
 * Checks a ballot record from its own contents alone: the parameters and every hash, every trustee's proof, every
 * ballot's tracker and proofs, the encrypted totals recomputed from the ballots, every decryption share's proof,
 * and the result recombined from the shares. The ballots are checked by {@link Recount}, the shares and result by
 * {@link ShareChecks}.
 */
public final class Verifier {

    /** The files of a whole record, and of one before decryption (what a trustee checks), which ends at the tally. */
    private static final List<String> WHOLE = List.of(
            RecordWriter.ELECTION,
            RecordWriter.TRUSTEES,
            RecordWriter.BALLOTS,
            RecordWriter.TALLY,
            RecordWriter.SHARES,
            RecordWriter.RESULT);

    private static final List<String> BEFORE_DECRYPTION = WHOLE.subList(0, 4);

    private Verifier() {}

    /** What held and what failed; {@code tally} is the tally recomputed from the ballots (null if unreadable). */
    public record Report(List<String> passed, List<String> failed, EncryptedTally tally, Election election) {
        public boolean ok() {
            return failed.isEmpty();
        }

        /** How many ballots had their proofs checked, to be compared with how many the record holds. */
        public long proofsChecked() {
            return tally == null ? 0 : tally.proofsChecked();
        }
    }

    /** Verifies a whole record. */
    public static Report verify(Path record) {
        return verify(record, true);
    }

    /**
     * Verifies a record; without {@code withResult}, one that stops at {@code tally.json} (what a trustee checks
     * before decrypting).
     */
    public static Report verify(Path record, boolean withResult) {
        List<String> passed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (ZipFile zip = new ZipFile(record.toFile(), StandardCharsets.UTF_8)) {
            checkEntries(zip, withResult ? WHOLE : BEFORE_DECRYPTION, passed, failed);
            checkLocalHeaders(record, passed, failed);
            Election election;
            try {
                JsonNode electionJson = RecordChecks.json(zip, RecordWriter.ELECTION);
                election = ElectionJson.election(electionJson, RecordChecks.json(zip, RecordWriter.TRUSTEES));
                checkElection(electionJson, election, passed, failed);
            } catch (IllegalArgumentException e) {
                failed.add("election.json/trustees.json unreadable: " + e.getMessage());
                return new Report(passed, failed, null, null);
            }
            List<Integer> badTrustees = election.trusteesWithBadProofs();
            RecordChecks.check(
                    badTrustees.isEmpty(),
                    "every trustee's proof of possession holds ("
                            + CountWords.of(election.trustees().size(), "trustee", "trustees") + ")",
                    "trustee proof of possession fails for trustees (from 1) " + RecordChecks.plusOne(badTrustees),
                    passed,
                    failed);

            EncryptedTally recount = Recount.recount(zip, election, passed, failed);
            Recount.checkTally(zip, recount, passed, failed);
            if (withResult) {
                ShareChecks.checkSharesAndResult(zip, election, recount, passed, failed);
            }
            return new Report(passed, failed, recount, election);
        } catch (IOException e) {
            failed.add("cannot read the record: " + e.getMessage());
            return new Report(passed, failed, null, null);
        } catch (UncheckedIOException e) {
            failed.add("cannot read the record: " + e.getCause().getMessage());
            return new Report(passed, failed, null, null);
        }
    }

    /**
     * Exactly the record's files, each once. A second copy of a file could be what another reader takes instead, and a
     * file no verifier reads would be published unchecked, so either fails the record.
     */
    private static void checkEntries(ZipFile zip, List<String> expected, List<String> passed, List<String> failed) {
        List<String> names = zip.stream().map(ZipEntry::getName).toList();
        List<String> problems = new ArrayList<>();
        for (String name : expected) {
            long copies = names.stream().filter(name::equals).count();
            if (copies != 1) {
                problems.add(name + (copies == 0 ? " is missing" : " is there " + copies + " times"));
            }
        }
        names.stream()
                .filter(name -> !expected.contains(name))
                .distinct()
                .forEach(name ->
                        problems.add(name + " is no file of " + (expected == WHOLE ? "a" : "this") + " record"));
        RecordChecks.check(
                problems.isEmpty(),
                "record.zip holds " + String.join(", ", expected) + ", each once, and nothing else",
                "record.zip must hold " + String.join(", ", expected) + ", each once, and nothing else: "
                        + String.join("; ", problems),
                passed,
                failed);
    }

    /** A zip's local file header begins with these four bytes (PK 3 4). */
    private static final int LOCAL_HEADER = 0x04034b50;

    /** The fixed part of a local file header; the file's name follows it. */
    private static final int LOCAL_HEADER_LENGTH = 30;

    /**
     * Each file's local header, where the central directory says it is, names the file with the same bytes as the
     * directory. Entries are found through the directory, but a reader that checks the local headers (Python's
     * zipfile does) or streams the zip (which sees only them) must not find other files than this one checked.
     */
    private static void checkLocalHeaders(Path record, List<String> passed, List<String> failed) throws IOException {
        List<String> problems = new ArrayList<>();
        try (org.apache.commons.compress.archivers.zip.ZipFile zip =
                        org.apache.commons.compress.archivers.zip.ZipFile.builder()
                                .setPath(record)
                                .get();
                FileChannel file = FileChannel.open(record)) {
            for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
                byte[] name = entry.getRawName();
                ByteBuffer header =
                        ByteBuffer.allocate(LOCAL_HEADER_LENGTH + name.length).order(ByteOrder.LITTLE_ENDIAN);
                readFrom(file, header, entry.getLocalHeaderOffset());
                boolean same = !header.hasRemaining()
                        && header.getInt(0) == LOCAL_HEADER
                        && Short.toUnsignedInt(header.getShort(26)) == name.length
                        && Arrays.equals(
                                header.array(),
                                LOCAL_HEADER_LENGTH,
                                LOCAL_HEADER_LENGTH + name.length,
                                name,
                                0,
                                name.length);
                if (!same) {
                    problems.add(entry.getName());
                }
            }
        }
        RecordChecks.check(
                problems.isEmpty(),
                "every file's local header in record.zip names it as the central directory does",
                "record.zip's local headers do not name these files as its central directory does: "
                        + String.join(", ", problems),
                passed,
                failed);
    }

    /** Fills the buffer from the file at that offset, or as far as the file goes. */
    private static void readFrom(FileChannel file, ByteBuffer into, long at) throws IOException {
        while (into.hasRemaining()) {
            if (file.read(into, at + into.position()) < 0) {
                return;
            }
        }
    }

    /** Whether the record's ballots.txt has a ballot with this tracker (the line's hash is checked by verify). */
    public static boolean contains(Path record, byte[] tracker) {
        return !lines(record, tracker).isEmpty();
    }

    /**
     * The lines of the record's ballots.txt (from 1, as positions are counted: lines end at a line feed and nothing
     * else) that hold a ballot with this tracker, read as the recount reads them: a line that holds no ballot (too
     * long, not of a line's shape, or not the one base64url spelling of some bytes) is on none of them.
     */
    static List<Long> lines(Path record, byte[] tracker) {
        List<Long> lines = new ArrayList<>();
        try (ZipFile zip = new ZipFile(record.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.getEntry(RecordWriter.BALLOTS);
            if (entry == null) {
                return lines;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                BallotLines ballots = new BallotLines(in);
                long position = 0;
                while (ballots.hasNext()) {
                    byte[] ballot = ballots.next();
                    position++;
                    if (ballot != null && MessageDigest.isEqual(Hashes.sha256(ballot), tracker)) {
                        lines.add(position);
                    }
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkElection(JsonNode n, Election e, List<String> passed, List<String> failed) {
        JsonNode expected = RecordChecks.reread(ElectionJson.election(e));
        for (String field :
                List.of("group", "parameterHash", "trusteeCount", "baseHash", "jointPublicKey", "extendedBaseHash")) {
            RecordChecks.check(
                    expected.get(field).equals(n.get(field)),
                    "election.json " + field + " recomputed",
                    "election.json " + field + " differs from the value recomputed from the record",
                    passed,
                    failed);
        }
    }
}
