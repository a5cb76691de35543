package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gpaction.common.CountWords;

/**
 * A ballot record's ballots counted again from ballots.txt, each line and tracker checked ({@link BallotLines}), and
 * the count compared with what tally.json states.
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
        try (InputStream in = RecordChecks.open(zip, entry)) {
            BallotLines ballots = new BallotLines(in);
            EncryptedTally recount = Tally.count(election, ballots, true);
            List<String> lineProblems =
                    ballots.problems().stream().map(p -> "ballots.txt " + p).toList();
            RecordChecks.check(
                    ballots.problemCount() == 0,
                    "every line of ballots.txt is a ballot and its tracker, the SHA-256 of the ballot ("
                            + CountWords.of(ballots.lines(), "ballot", "ballots") + ")",
                    CountWords.of(ballots.problemCount(), "ballot line is", "ballot lines are") + " wrong: "
                            + RecordChecks.shown(lineProblems, ballots.problemCount()),
                    passed,
                    failed);
            passed.add("recounted " + CountWords.of(recount.counted(), "ballot", "ballots")
                    + " whose proofs hold, the proofs of "
                    + CountWords.of(recount.proofsChecked(), "ballot", "ballots") + " checked; "
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
            stated = TallyJson.tally(RecordChecks.json(zip, RecordWriter.TALLY));
        } catch (IllegalArgumentException e) {
            failed.add("tally.json unreadable: " + e.getMessage());
            return;
        }
        RecordChecks.check(
                stated.counted() == recount.counted(),
                "tally.json counts " + CountWords.of(stated.counted(), "ballot", "ballots") + ", as recounted",
                "tally.json counts " + CountWords.of(stated.counted(), "ballot", "ballots") + "; the ballots give "
                        + recount.counted(),
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
