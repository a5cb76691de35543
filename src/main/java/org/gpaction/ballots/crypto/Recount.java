package org.gpaction.ballots.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A ballot record's ballots counted again from ballots.txt, each tracker checked against its ballot, and the count
 * compared with what tally.json states.
 */
final class Recount {

    private Recount() {}

    static EncryptedTally recount(ZipFile zip, Election election, List<String> passed, List<String> failed)
            throws IOException {
        ZipEntry entry = zip.getEntry(RecordWriter.BALLOTS);
        if (entry == null) {
            failed.add("ballots.txt is missing");
            return null;
        }
        List<String> lineProblems = new ArrayList<>();
        long[] lines = {0};
        try (InputStream in = zip.getInputStream(entry);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            Iterator<byte[]> ballots = new Iterator<>() {
                String next = readLine();

                private String readLine() {
                    try {
                        return reader.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
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
                    String line = next;
                    next = readLine();
                    lines[0]++;
                    int space = line.indexOf(' ');
                    byte[] encoded;
                    try {
                        encoded = Base64.getUrlDecoder().decode(line.substring(space + 1));
                    } catch (IllegalArgumentException e) {
                        lineProblems.add("ballots.txt line " + lines[0] + ": not base64url");
                        return new byte[0];
                    }
                    String tracker = Tracker.hex(Hashes.sha256(encoded));
                    if (space != 64 || !line.substring(0, space).equals(tracker)) {
                        lineProblems.add("ballots.txt line " + lines[0] + ": tracker "
                                + (space < 0 ? "missing" : line.substring(0, space))
                                + " is not the hash of the ballot ("
                                + tracker + ")");
                    }
                    return encoded;
                }
            };
            EncryptedTally recount = Tally.count(election, ballots, true);
            RecordChecks.check(
                    lineProblems.isEmpty(),
                    "every tracker in ballots.txt is the SHA-256 of its ballot (" + lines[0] + " ballots)",
                    lineProblems.size() + " ballot lines are wrong: " + RecordChecks.shown(lineProblems),
                    passed,
                    failed);
            passed.add("recounted " + recount.counted() + " ballots whose proofs hold, the proofs of "
                    + recount.proofsChecked() + " ballots checked; "
                    + recount.spoilt().size()
                    + " spoilt"
                    + (recount.spoilt().isEmpty()
                            ? ""
                            : ": "
                                    + RecordChecks.shown(recount.spoilt().stream()
                                            .map(s -> "#" + s.position() + " " + s.reason())
                                            .toList())));
            return recount;
        }
    }

    static void checkTally(ZipFile zip, EncryptedTally recount, List<String> passed, List<String> failed)
            throws IOException {
        if (recount == null) {
            return;
        }
        EncryptedTally stated;
        try {
            stated = RecordJson.tally(RecordChecks.json(zip, RecordWriter.TALLY));
        } catch (IllegalArgumentException e) {
            failed.add("tally.json unreadable: " + e.getMessage());
            return;
        }
        RecordChecks.check(
                stated.counted() == recount.counted(),
                "tally.json counts " + stated.counted() + " ballots, as recounted",
                "tally.json counts " + stated.counted() + " ballots; the ballots give " + recount.counted(),
                passed,
                failed);
        List<String> statedSpoilt = stated.spoilt().stream()
                .map(s -> s.position() + " " + s.tracker())
                .toList();
        List<String> foundSpoilt = recount.spoilt().stream()
                .map(s -> s.position() + " " + s.tracker())
                .toList();
        RecordChecks.check(
                statedSpoilt.equals(foundSpoilt),
                "tally.json lists the spoilt ballots the recount finds",
                "tally.json lists spoilt ballots " + RecordChecks.shown(statedSpoilt) + "; the recount finds "
                        + RecordChecks.shown(foundSpoilt),
                passed,
                failed);
        RecordChecks.check(
                stated.totals().equals(recount.totals()),
                "tally.json encrypted totals equal the sums of the counted ballots",
                "tally.json encrypted totals differ from the sums of the counted ballots",
                passed,
                failed);
    }
}
