package org.gpaction.ballots.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import tools.jackson.databind.JsonNode;

/** What every check of a ballot record shares: reading its files, and writing down what held and what failed. */
final class RecordChecks {

    private static final int MOST_LINES_SHOWN = 20;

    private RecordChecks() {}

    /** As the JSON reads back, so that numbers compare by value. */
    static JsonNode reread(JsonNode n) {
        return RecordJson.read(RecordJson.write(n), "generated JSON");
    }

    static JsonNode json(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new CryptoFormatException(name + " is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return RecordJson.readRecordFile(in.readAllBytes(), name);
        }
    }

    static void check(boolean ok, String pass, String fail, List<String> passed, List<String> failed) {
        (ok ? passed : failed).add(ok ? pass : fail);
    }

    static List<Integer> plusOne(List<Integer> indexes) {
        return indexes.stream().map(i -> i + 1).toList();
    }

    static String shown(List<String> items) {
        if (items.size() <= MOST_LINES_SHOWN) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, MOST_LINES_SHOWN)) + "; and " + (items.size() - MOST_LINES_SHOWN)
                + " more";
    }
}
