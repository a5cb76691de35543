package org.gpaction.practices.imports;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;

/**
 * {@code lmc_name,area_code}: one row per area an LMC covers, the area being a sub-ICB location code (such as
 * 16C) or an ICB code (such as QHM). A practice belongs to the LMC of its sub-ICB location, or failing that of its
 * ICB. An area belongs to one LMC; areas the file does not name keep the LMC they had. The problems found in the
 * file itself are kept, to be reported together with areas the directory does not know.
 */
record LmcAreasFile(Problems problems, List<LmcArea> areas) {

    static final List<String> COLUMNS = List.of("lmc_name", "area_code");
    static final int MAX_NAME_LENGTH = 200;

    /**
     * Characters the firewall refuses, encoded, in an address: an LMC's name is the last part of its pressures page's
     * address, so an LMC named with one would have a page nobody could open.
     */
    private static final Pattern NOT_IN_AN_ADDRESS = Pattern.compile("[/\\\\%;]");

    record LmcArea(int line, String lmcName, String areaCode) {}

    static LmcAreasFile read(String fileName, InputStream content, long maxBytes) {
        CsvFile csv = CsvFile.withHeader(fileName, content, maxBytes, COLUMNS, FileKind.LMC_AREAS);
        Problems problems = new Problems(fileName);
        List<LmcArea> areas = new ArrayList<>();
        Map<String, Integer> firstLines = new HashMap<>();
        for (CsvRecord record : csv) {
            problems.row(record);
            String name = record.get("lmc_name").replaceAll("\\s+", " ");
            if (name.isEmpty()) {
                problems.add(record.line(), "lmc_name", "Enter the LMC's name");
            } else if (name.length() > MAX_NAME_LENGTH) {
                problems.add(
                        record.line(),
                        "lmc_name",
                        "The LMC's name is " + name.length() + " characters; the most allowed is " + MAX_NAME_LENGTH);
            } else if (NOT_IN_AN_ADDRESS.matcher(name).find()) {
                problems.add(
                        record.line(),
                        "lmc_name",
                        "The LMC's name \"" + name + "\" has a / \\ % or ; in it, which the address of its pressures"
                                + " page cannot hold: write it without them (Kent and Medway LMC, not Kent/Medway LMC)");
            }
            String areaCode = Codes.normalise(record.get("area_code"));
            if (!Codes.isValid(areaCode)) {
                problems.add(
                        record.line(), "area_code", "Enter a sub-ICB location or ICB code, for example 16C or QHM");
            } else {
                Integer first = firstLines.putIfAbsent(areaCode, record.line());
                if (first != null) {
                    problems.add(
                            record.line(),
                            "area_code",
                            areaCode + " is already on line " + first + ": an area belongs to one LMC");
                }
            }
            areas.add(new LmcArea(record.line(), name, areaCode));
        }
        if (areas.isEmpty()) {
            problems.add(2, "file", "The file has a header but no rows: add one row per area");
        }
        return new LmcAreasFile(problems, List.copyOf(areas));
    }
}
