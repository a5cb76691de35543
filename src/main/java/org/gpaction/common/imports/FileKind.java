package org.gpaction.common.imports;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files GP Action imports, each known by its first row: the columns only it has, or for the epraccur file (which
 * has no header) 27 fields starting with an ODS code. A file given to the wrong import is refused in one line saying
 * what it looks like and where it goes, instead of a problem on every row.
 */
public enum FileKind {
    EPRACCUR(
            "the NHS ODS practice file (epraccur)",
            "epraccur",
            "import it on Import practice data as GP practices (format=epraccur)"),
    LIST_SIZES(
            "the NHS Digital list-size file (Patients Registered at a GP Practice)",
            "list sizes",
            "import it on Import practice data as list sizes (format=list-sizes)",
            "CODE",
            "NUMBER_OF_PATIENTS"),
    CONTRACTS(
            "a contract types file (ods_code,contract_type)",
            "contract types",
            "import it on Import practice data as contract types (format=contracts)",
            "ODS_CODE",
            "CONTRACT_TYPE"),
    LMC_AREAS(
            "an LMC areas file (lmc_name,area_code)",
            "LMC areas",
            "import it on Import practice data as LMC areas (format=lmcs)",
            "LMC_NAME",
            "AREA_CODE"),
    MEMBERSHIP(
            "the union's membership file",
            "a membership file",
            "import it on Members, Import the membership file",
            "MEMBERSHIP_NUMBER"),
    PAYMENTS(
            "NHS Payments to General Practice",
            "NHS Payments to General Practice",
            "import it on Import NHS figures as payments (format=payments)",
            "PRACTICE CODE",
            "GLOBAL SUM"),
    PRACTICE_APPOINTMENTS(
            "Appointments in General Practice, practice level",
            "Appointments in General Practice",
            "import it on Import NHS figures as appointments (format=appointments)",
            "APPOINTMENT_MONTH_START_DATE",
            "GP_CODE",
            "COUNT_OF_APPOINTMENTS"),
    SUB_ICB_APPOINTMENTS(
            "Appointments in General Practice, sub-ICB level",
            "Appointments in General Practice",
            "import it on Import NHS figures as appointments (format=appointments)",
            "APPOINTMENT_MONTH",
            "COUNT_OF_APPOINTMENTS"),
    WORKFORCE(
            "General Practice Workforce, practice level",
            "General Practice Workforce",
            "import it on Import NHS figures as workforce (format=workforce)",
            "PRAC_CODE",
            "TOTAL_GP_EXTGL_FTE");

    private static final int EPRACCUR_FIELDS = 27;
    private static final Pattern ODS_CODE = Pattern.compile("(?=.*[0-9])[A-Z0-9]{3,10}");

    private final String looksLike;
    private final String name;
    private final String whereItGoes;
    private final List<String> columns;

    FileKind(String looksLike, String name, String whereItGoes, String... columns) {
        this.looksLike = looksLike;
        this.name = name;
        this.whereItGoes = whereItGoes;
        this.columns = List.of(columns);
    }

    /** What a file of this kind is called in a refusal: "not epraccur", "not list sizes". */
    public String fileName() {
        return name;
    }

    /** Whether a file whose first row is this is of this kind; cells are compared as {@link CsvFile#columnName}. */
    boolean matches(List<String> firstRow) {
        if (this == EPRACCUR) {
            return firstRow.size() == EPRACCUR_FIELDS
                    && ODS_CODE.matcher(firstRow.get(0).strip()).matches();
        }
        List<String> cells = firstRow.stream().map(CsvFile::columnName).toList();
        return cells.containsAll(columns);
    }

    /** The known kind a file with this first row is, if any. */
    public static Optional<FileKind> of(List<String> firstRow) {
        return Arrays.stream(values()).filter(kind -> kind.matches(firstRow)).findFirst();
    }

    /**
     * Refuses a file whose first row is that of another known kind, in one line that says what it looks like and
     * where to import it. A file of an expected kind, or of no kind we know, passes: its own checks say what is wrong.
     *
     * @param expected the kinds this import takes; the first names the import in the refusal
     */
    public static void refuseIfAnother(String fileName, List<String> firstRow, FileKind... expected) {
        List<FileKind> accepted = List.of(expected);
        if (accepted.stream().anyMatch(kind -> kind.matches(firstRow))) {
            return;
        }
        Optional<FileKind> other = of(firstRow).filter(kind -> !accepted.contains(kind));
        if (other.isPresent()) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "file",
                    "This looks like " + other.get().looksLike + ", not " + expected[0].name + ": "
                            + other.get().whereItGoes);
        }
    }

    /**
     * Refuses a file whose header lacks columns this import needs: one line saying what it looks like if it is
     * another kind we know, or which columns are missing if not.
     */
    public static void requireColumns(String fileName, List<String> header, List<String> needed, FileKind... expected) {
        refuseIfAnother(fileName, header, expected);
        List<String> missing =
                needed.stream().filter(column -> !header.contains(column)).toList();
        if (!missing.isEmpty()) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "header",
                    "The header row has no column " + String.join(", ", missing) + ", which " + expected[0].name
                            + " has: check this is the right file");
        }
    }
}
