package org.gpaction.ballots.crypto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;

/**
 * Checks a ballot record from its own contents alone: the parameters and every hash, every trustee's proof, every
 * ballot's tracker and proofs, the encrypted totals recomputed from the ballots, every decryption share's proof,
 * and the result recombined from the shares. The ballots are checked by {@link Recount}, the shares and result by
 * {@link ShareChecks}.
 */
public final class Verifier {

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
            Election election;
            try {
                JsonNode electionJson = RecordChecks.json(zip, RecordWriter.ELECTION);
                election = RecordJson.election(electionJson, RecordChecks.json(zip, RecordWriter.TRUSTEES));
                checkElection(electionJson, election, passed, failed);
            } catch (IllegalArgumentException e) {
                failed.add("election.json/trustees.json unreadable: " + e.getMessage());
                return new Report(passed, failed, null, null);
            }
            List<Integer> badTrustees = election.trusteesWithBadProofs();
            RecordChecks.check(
                    badTrustees.isEmpty(),
                    "every trustee's proof of possession holds ("
                            + election.trustees().size() + " trustees)",
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
        JsonNode expected = RecordChecks.reread(RecordJson.election(e));
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
