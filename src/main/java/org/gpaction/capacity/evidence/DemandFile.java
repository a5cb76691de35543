package org.gpaction.capacity.evidence;

import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gpaction.capacity.routing.RequestKind;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;

/**
 * A file of a practice's online demand for the {@link DemandReplay}: submissions counted per quarter hour, by day and
 * request type (Clinical or Admin), read whole or refused whole.
 */
public final class DemandFile {

    public static final List<String> COLUMNS = List.of("date", "quarter_hour_starting", "request_type", "submissions");

    private DemandFile() {}

    /** Reads the demand file, refusing it whole with every problem named by line and field. */
    public static List<DemandReplay.Submissions> read(String fileName, InputStream content, long maxBytes) {
        CsvFile file = CsvFile.withHeader(fileName, content, maxBytes, COLUMNS);
        List<DemandReplay.Submissions> submissions = new ArrayList<>();
        List<ImportProblem> problems = new ArrayList<>();
        for (CsvRecord record : file) {
            try {
                LocalDate day = LocalDate.parse(record.get("date").strip());
                LocalTime at = quarterHour(record.get("quarter_hour_starting"));
                if (at == null) {
                    problems.add(new ImportProblem(
                            record.line(), "quarter_hour_starting", "quarter_hour_starting must be a time as hh:mm"));
                    continue;
                }
                if (at.getMinute() % 15 != 0 || at.getSecond() != 0) {
                    problems.add(new ImportProblem(
                            record.line(), "quarter_hour_starting", "Quarter hours start at :00, :15, :30 or :45"));
                    continue;
                }
                RequestKind kind = switch (record.get("request_type").strip().toLowerCase(Locale.ROOT)) {
                    case "clinical" -> RequestKind.ROUTINE;
                    case "admin" -> RequestKind.ADMIN;
                    default -> null;
                };
                if (kind == null) {
                    problems.add(
                            new ImportProblem(record.line(), "request_type", "request_type must be Clinical or Admin"));
                    continue;
                }
                int count = Integer.parseInt(record.get("submissions").strip());
                if (count < 0 || count > 10_000) {
                    problems.add(
                            new ImportProblem(record.line(), "submissions", "submissions must be from 0 to 10000"));
                    continue;
                }
                submissions.add(new DemandReplay.Submissions(day, at, kind, count));
            } catch (DateTimeParseException e) {
                problems.add(new ImportProblem(record.line(), "date", "date must be yyyy-mm-dd"));
            } catch (NumberFormatException e) {
                problems.add(new ImportProblem(record.line(), "submissions", "submissions must be a whole number"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ImportRejected(fileName, problems);
        }
        return submissions;
    }

    /** The time, or null if it is not one: its own column's problem, not the date's. */
    private static LocalTime quarterHour(String value) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
