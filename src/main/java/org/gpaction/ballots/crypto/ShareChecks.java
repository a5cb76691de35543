package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipFile;
import org.gpaction.common.CountWords;
import tools.jackson.databind.JsonNode;

/** Every trustee's decryption share of a ballot record checked against the recount, and the result recombined. */
final class ShareChecks {

    private ShareChecks() {}

    static void checkSharesAndResult(
            ZipFile zip, Election election, EncryptedTally recount, List<String> passed, List<String> failed)
            throws IOException {
        if (recount == null) {
            return;
        }
        List<DecryptionShare> shares = new ArrayList<>();
        byte[] hE = election.extendedBaseHash();
        try {
            JsonNode n = RecordChecks.json(zip, RecordWriter.SHARES);
            RecordJson.requireFormat(n, RecordJson.RECORD_FORMAT);
            int i = 0;
            for (JsonNode s : RecordJson.array(n, "shares")) {
                i++;
                if (!Arrays.equals(RecordJson.bytes(s, "extendedBaseHash"), hE)) {
                    failed.add("share " + i + " is for another extended base hash");
                }
                shares.add(DecryptionShareJson.share(s));
            }
        } catch (IllegalArgumentException e) {
            failed.add("shares.json unreadable: " + e.getMessage());
            return;
        }
        boolean sharesOk = true;
        for (int i = 0; i < shares.size(); i++) {
            var key = shares.get(i).trusteeKey();
            if (election.trustees().stream().noneMatch(t -> t.key().equals(key))) {
                failed.add("share " + (i + 1) + " is from a key that is no trustee's in trustees.json");
                sharesOk = false;
            }
        }
        for (int t = 0; t < election.trustees().size(); t++) {
            var key = election.trustees().get(t).key();
            List<DecryptionShare> mine =
                    shares.stream().filter(s -> s.trusteeKey().equals(key)).toList();
            if (mine.size() != 1) {
                failed.add("trustee " + (t + 1) + " has "
                        + CountWords.of(mine.size(), "decryption share", "decryption shares") + ", not 1");
                sharesOk = false;
                continue;
            }
            int parts = mine.get(0).parts().size();
            if (parts != recount.totals().size()) {
                failed.add("trustee " + (t + 1) + "'s decryption share has " + CountWords.of(parts, "part", "parts")
                        + ", not " + recount.totals().size());
                sharesOk = false;
                continue;
            }
            List<Integer> bad = mine.get(0).failures(hE, recount.totals());
            if (!bad.isEmpty()) {
                failed.add("trustee " + (t + 1) + "'s proof of correct decryption fails for options (from 1) "
                        + RecordChecks.plusOne(bad));
                sharesOk = false;
            }
        }
        if (shares.size() != election.trustees().size()) {
            failed.add("shares.json has " + CountWords.of(shares.size(), "share", "shares") + " for "
                    + CountWords.of(election.trustees().size(), "trustee", "trustees"));
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
            result = RecordChecks.json(zip, RecordWriter.RESULT);
        } catch (IllegalArgumentException e) {
            failed.add("result.json unreadable: " + e.getMessage());
            return;
        }
        JsonNode expected = RecordChecks.reread(ResultJson.result(election, recount, counts));
        RecordChecks.check(
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
}
