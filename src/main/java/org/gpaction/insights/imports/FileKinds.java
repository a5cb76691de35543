package org.gpaction.insights.imports;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gpaction.common.imports.ImportRejected;

/**
 * Says in one line what a file looks like when it is not what the import was told, instead of a problem on every
 * row: the NHS publications are recognised by the columns only they have.
 */
public final class FileKinds {

    private record Kind(String description, List<String> columns) {}

    private static final List<Kind> KINDS = List.of(
            new Kind(
                    "NHS Payments to General Practice (import it as format=payments)",
                    List.of("PRACTICE CODE", "GLOBAL SUM")),
            new Kind(
                    "Appointments in General Practice, practice level (import it as format=appointments)",
                    List.of("APPOINTMENT_MONTH_START_DATE", "GP_CODE", "COUNT_OF_APPOINTMENTS")),
            new Kind(
                    "Appointments in General Practice, sub-ICB level (import it as format=appointments)",
                    List.of("APPOINTMENT_MONTH", "COUNT_OF_APPOINTMENTS")),
            new Kind(
                    "General Practice Workforce, practice level (import it as format=workforce)",
                    List.of("PRAC_CODE", "TOTAL_GP_EXTGL_FTE")),
            new Kind(
                    "Patients registered at a GP practice (import it on the practices imports page as list sizes)",
                    List.of("CODE", "NUMBER_OF_PATIENTS")),
            new Kind("a membership file (import it on the members page)", List.of("MEMBERSHIP_NUMBER")));

    private static final Pattern ODS_CODE = Pattern.compile("[A-Z][0-9]{5}");

    private FileKinds() {}

    /** What a file with this header looks like, if it is one of the files we know. */
    public static Optional<String> kindOf(List<String> header) {
        for (Kind kind : KINDS) {
            if (header.containsAll(kind.columns())) {
                return Optional.of(kind.description());
            }
        }
        if (header.size() >= 27 && ODS_CODE.matcher(header.get(0)).matches()) {
            return Optional.of("the NHS ODS epraccur file (import it on the practices imports page)");
        }
        return Optional.empty();
    }

    /**
     * Refuses a file whose header lacks columns this import needs, saying what it looks like if we know, or which
     * columns are missing if not.
     */
    public static void requireColumns(String fileName, String expected, List<String> header, List<String> needed) {
        List<String> missing =
                needed.stream().filter(column -> !header.contains(column)).toList();
        if (missing.isEmpty()) {
            return;
        }
        String message = kindOf(header)
                .map(kind -> "This is not " + expected + ": it looks like " + kind)
                .orElse("The header row has no column " + String.join(", ", missing) + ", which " + expected
                        + " has: check this is the right file");
        throw ImportRejected.of(fileName, 1, "header", message);
    }
}
