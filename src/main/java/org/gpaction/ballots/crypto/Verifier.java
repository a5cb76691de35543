package org.gpaction.ballots.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;

/**
 * Checks a ballot record from its own contents alone: the parameters and every hash, every trustee's proof, every
 * ballot's tracker and proofs, the encrypted totals recomputed from the ballots, every decryption share's proof,
 * and the result recombined from the shares.
 */
public final class Verifier {

    private static final int MOST_LINES_SHOWN = 20;

    private Verifier() {}

    /** What held and what failed; {@code tally} is the tally recomputed from the ballots (null if unreadable). */
    public record Report(List<String> passed, List<String> failed, EncryptedTally tally, Election election) {
        public boolean ok() {
            return failed.isEmpty();
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
            Election election;
            try {
                JsonNode electionJson = json(zip, RecordWriter.ELECTION);
                election = RecordJson.election(electionJson, json(zip, RecordWriter.TRUSTEES));
                checkElection(electionJson, election, passed, failed);
            } catch (IllegalArgumentException e) {
                failed.add("election.json/trustees.json unreadable: " + e.getMessage());
                return new Report(passed, failed, null, null);
            }
            List<Integer> badTrustees = election.trusteesWithBadProofs();
            check(
                    badTrustees.isEmpty(),
                    "every trustee's proof of possession holds ("
                            + election.trustees().size() + " trustees)",
                    "trustee proof of possession fails for trustees (from 1) " + plusOne(badTrustees),
                    passed,
                    failed);

            EncryptedTally recount = recount(zip, election, passed, failed);
            checkTally(zip, recount, passed, failed);
            if (withResult) {
                checkSharesAndResult(zip, election, recount, passed, failed);
            }
            return new Report(passed, failed, recount, election);
        } catch (IOException e) {
            failed.add("cannot read the record: " + e.getMessage());
            return new Report(passed, failed, null, null);
        }
    }

    /** Whether the record's ballots.txt has a ballot with this tracker (the line's hash is checked by verify). */
    public static boolean contains(Path record, byte[] tracker) {
        String hex = Tracker.hex(tracker) + " ";
        try (ZipFile zip = new ZipFile(record.toFile(), StandardCharsets.UTF_8)) {
            ZipEntry entry = zip.getEntry(RecordWriter.BALLOTS);
            if (entry == null) {
                return false;
            }
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.US_ASCII))) {
                return reader.lines().anyMatch(line -> line.startsWith(hex));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void checkElection(JsonNode n, Election e, List<String> passed, List<String> failed) {
        JsonNode expected = reread(RecordJson.election(e));
        for (String field :
                List.of("group", "parameterHash", "trusteeCount", "baseHash", "jointPublicKey", "extendedBaseHash")) {
            check(
                    expected.get(field).equals(n.get(field)),
                    "election.json " + field + " recomputed",
                    "election.json " + field + " differs from the value recomputed from the record",
                    passed,
                    failed);
        }
    }

    private static EncryptedTally recount(ZipFile zip, Election election, List<String> passed, List<String> failed)
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
            check(
                    lineProblems.isEmpty(),
                    "every tracker in ballots.txt is the SHA-256 of its ballot (" + lines[0] + " ballots)",
                    lineProblems.size() + " ballot lines are wrong: " + shown(lineProblems),
                    passed,
                    failed);
            passed.add("recounted " + recount.counted() + " ballots whose proofs hold; "
                    + recount.spoilt().size()
                    + " spoilt"
                    + (recount.spoilt().isEmpty()
                            ? ""
                            : ": "
                                    + shown(recount.spoilt().stream()
                                            .map(s -> "#" + s.position() + " " + s.reason())
                                            .toList())));
            return recount;
        }
    }

    private static void checkTally(ZipFile zip, EncryptedTally recount, List<String> passed, List<String> failed)
            throws IOException {
        if (recount == null) {
            return;
        }
        EncryptedTally stated;
        try {
            stated = RecordJson.tally(json(zip, RecordWriter.TALLY));
        } catch (IllegalArgumentException e) {
            failed.add("tally.json unreadable: " + e.getMessage());
            return;
        }
        check(
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
        check(
                statedSpoilt.equals(foundSpoilt),
                "tally.json lists the spoilt ballots the recount finds",
                "tally.json lists spoilt ballots " + shown(statedSpoilt) + "; the recount finds " + shown(foundSpoilt),
                passed,
                failed);
        check(
                stated.totals().equals(recount.totals()),
                "tally.json encrypted totals equal the sums of the counted ballots",
                "tally.json encrypted totals differ from the sums of the counted ballots",
                passed,
                failed);
    }

    private static void checkSharesAndResult(
            ZipFile zip, Election election, EncryptedTally recount, List<String> passed, List<String> failed)
            throws IOException {
        if (recount == null) {
            return;
        }
        List<DecryptionShare> shares = new ArrayList<>();
        byte[] hE = election.extendedBaseHash();
        try {
            JsonNode n = json(zip, RecordWriter.SHARES);
            RecordJson.requireFormat(n, RecordJson.RECORD_FORMAT);
            int i = 0;
            for (JsonNode s : RecordJson.array(n, "shares")) {
                i++;
                if (!Arrays.equals(RecordJson.bytes(s, "extendedBaseHash"), hE)) {
                    failed.add("share " + i + " is for another extended base hash");
                }
                shares.add(RecordJson.share(s));
            }
        } catch (IllegalArgumentException e) {
            failed.add("shares.json unreadable: " + e.getMessage());
            return;
        }
        boolean sharesOk = true;
        for (int t = 0; t < election.trustees().size(); t++) {
            var key = election.trustees().get(t).key();
            List<DecryptionShare> mine =
                    shares.stream().filter(s -> s.trusteeKey().equals(key)).toList();
            if (mine.size() != 1) {
                failed.add("trustee " + (t + 1) + " has " + mine.size() + " decryption shares, not 1");
                sharesOk = false;
                continue;
            }
            List<Integer> bad = mine.get(0).failures(hE, recount.totals());
            if (!bad.isEmpty()) {
                failed.add("trustee " + (t + 1) + "'s proof of correct decryption fails for options (from 1) "
                        + plusOne(bad));
                sharesOk = false;
            }
        }
        if (shares.size() != election.trustees().size()) {
            failed.add("shares.json has " + shares.size() + " shares for "
                    + election.trustees().size() + " trustees");
            sharesOk = false;
        }
        if (!sharesOk) {
            return;
        }
        passed.add("every trustee's decryption share and proof holds against the recounted totals");
        long[] counts;
        try {
            counts = DecryptionShare.combine(election, recount.totals(), shares, recount.counted());
        } catch (IllegalArgumentException e) {
            failed.add("combining the shares: " + e.getMessage());
            return;
        }
        JsonNode result;
        try {
            result = json(zip, RecordWriter.RESULT);
        } catch (IllegalArgumentException e) {
            failed.add("result.json unreadable: " + e.getMessage());
            return;
        }
        JsonNode expected = reread(RecordJson.result(election, recount, counts));
        check(
                expected.equals(result),
                "result.json equals the result decrypted from the shares: " + describe(election, counts),
                "result.json differs from the result decrypted from the shares (" + describe(election, counts) + ")",
                passed,
                failed);
    }

    private static String describe(Election e, long[] counts) {
        List<String> parts = new ArrayList<>();
        for (int j = 0; j < counts.length; j++) {
            parts.add(e.options().get(j) + " " + counts[j]);
        }
        return String.join(", ", parts);
    }

    /** As the JSON reads back, so that numbers compare by value. */
    private static JsonNode reread(JsonNode n) {
        return RecordJson.read(RecordJson.write(n), "generated JSON");
    }

    private static JsonNode json(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CryptoFormatException(name + " is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return RecordJson.read(in.readAllBytes(), name);
        }
    }

    private static void check(boolean ok, String pass, String fail, List<String> passed, List<String> failed) {
        (ok ? passed : failed).add(ok ? pass : fail);
    }

    private static List<Integer> plusOne(List<Integer> indexes) {
        return indexes.stream().map(i -> i + 1).toList();
    }

    private static String shown(List<String> items) {
        if (items.size() <= MOST_LINES_SHOWN) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, MOST_LINES_SHOWN)) + "; and " + (items.size() - MOST_LINES_SHOWN)
                + " more";
    }
}
