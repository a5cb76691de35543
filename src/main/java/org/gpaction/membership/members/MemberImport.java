package org.gpaction.membership.members;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.gpaction.common.EmailAddresses;
import org.gpaction.common.UkTime;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.FileKind;
import org.gpaction.common.imports.ImportHistoryEntry;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.common.imports.ImportTimer;
import org.gpaction.common.imports.UploadCopies;
import org.gpaction.membership.Member;
import org.gpaction.membership.MembersImported;
import org.gpaction.membership.MembershipNumbers;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Imports the union's membership export: one row per role, so a member with several roles has several rows. The
 * file is checked whole first; one bad row refuses the file and changes nothing. A member in the file gets exactly
 * the roles the file gives them; members not in the file are left as they are.
 *
 * <p>The file is copied from the request to a file of its own as it arrives, before the import's transaction opens, so
 * a client sending slowly holds no database connection; then each row is checked on its own and copied into a
 * temporary table, and the checks across rows and the changes are made there in SQL, so a file at the size limit
 * never has to fit in the heap.
 */
@Service
public class MemberImport {

    static final List<String> COLUMNS = List.of(
            "membership_number",
            "gmc_number",
            "given_name",
            "family_name",
            "email",
            "membership_status",
            "status_since",
            "joined_on",
            "role",
            "practice_ods",
            "role_from",
            "role_to");

    /** Named for the OpenAPI document, where the ballot's result is another record called Result. */
    @Schema(name = "MemberImportResult", description = "What an import of the membership file did")
    record Result(long importId, int rowsRead, int created, int updated, int unchanged) {}

    public static final Pattern GMC_NUMBER = Pattern.compile("^[0-9]{7}$");
    public static final Pattern ODS_CODE = Pattern.compile("^[A-Z][A-Z0-9]{5}$");
    public static final int MAX_NAME = 100;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private final MemberRepository members;
    private final ImportStaging staging;
    private final ImportWrites writes;
    private final MemberImportRuns runs;
    private final TransactionTemplate transactions;
    private final Practices practices;
    private final ApplicationEventPublisher events;
    private final MembershipProperties properties;
    private final ImportTimer timer;
    private final UploadCopies uploads;
    private final Clock clock;

    MemberImport(
            MemberRepository members,
            ImportStaging staging,
            ImportWrites writes,
            MemberImportRuns runs,
            TransactionTemplate transactions,
            Practices practices,
            ApplicationEventPublisher events,
            MembershipProperties properties,
            ImportTimer timer,
            UploadCopies uploads,
            Clock clock) {
        this.timer = timer;
        this.uploads = uploads;
        this.members = members;
        this.staging = staging;
        this.writes = writes;
        this.runs = runs;
        this.transactions = transactions;
        this.practices = practices;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param declaredLength the length the client announced, or -1 if it did not say; a file announced as too
     *     large is refused before any of it is read
     */
    Result importFile(String fileName, InputStream content, long declaredLength, String actor) {
        return timer.time("membership", "members", () -> {
            try {
                refuseIfAnnouncedTooLarge(fileName, declaredLength);
                try (UploadCopies.Copy copy = uploads.copy(content, declaredLength, properties.maxImportBytes())) {
                    return transactions.execute(status -> importWhole(fileName, copy, actor));
                }
            } catch (ImportRejected refused) {
                transactions.executeWithoutResult(
                        status -> runs.recordRefused(fileName, actor, clock.instant(), refused));
                throw refused;
            }
        });
    }

    List<ImportHistoryEntry> history(int limit) {
        return runs.latest(limit);
    }

    Optional<ImportHistoryEntry> find(long id) {
        return runs.find(id);
    }

    /** The largest file taken, as the upload page states it. */
    DataSize maxFileSize() {
        return DataSize.ofBytes(properties.maxImportBytes());
    }

    private void refuseIfAnnouncedTooLarge(String fileName, long declaredLength) {
        long max = properties.maxImportBytes();
        if (declaredLength > max) {
            throw ImportRejected.of(
                    fileName,
                    1,
                    "file",
                    String.format(
                            Locale.ROOT,
                            "The file is %,d bytes; the most allowed is %,d bytes (set by GPACTION_MEMBERSHIP_MAXIMPORTBYTES)",
                            declaredLength,
                            max));
        }
    }

    private Result importWhole(String fileName, UploadCopies.Copy copy, String actor) {
        ImportProblems problems = new ImportProblems();
        LocalDate today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        int rowsRead = copy.read(fileName, content -> {
            CsvFile file =
                    CsvFile.withHeader(fileName, content, properties.maxImportBytes(), COLUMNS, FileKind.MEMBERSHIP);
            staging.create();
            int read = 0;
            try (StagingRows rows = staging.rows()) {
                for (CsvRecord record : file) {
                    read++;
                    StagedRow row = check(record, today, problems);
                    if (row != null) {
                        rows.add(row);
                    }
                }
            }
            return read;
        });
        if (rowsRead == 0) {
            problems.add(new ImportProblem(
                    1, "header", "The file has a header row but no members: add one row per member under it"));
        }
        // The roll is held from the checks against it to the writes, not only for the writes: a join confirmed, or an
        // email changed, in between could take a GMC number or email the file gives, and the write would then fail.
        // Reading the file, the long part, holds nothing. Another import holds it for as long as its checks and writes
        // take, minutes for a large file: this one then waits no longer than a join would, and says so.
        try {
            members.lockRollForOneChange();
        } catch (RollBeingUpdated held) {
            throw new AnotherImportRunning(fileName);
        }
        staging.checkAcrossRows(problems, practices::unknownCodes);
        if (problems.count() > 0) {
            throw new ImportRejected(fileName, problems.first(), problems.count());
        }

        Instant now = clock.instant();
        ImportWrites.Changes changes = writes.apply(fileName, actor, now);
        long id = runs.recordImported(fileName, actor, now, rowsRead, changes);
        // A member whose declared roles the file confirms counts as updated: they may now be eligible for a ballot
        // without the scrutineer's check.
        if (changes.created() + changes.updated() > 0) {
            events.publishEvent(new MembersImported(id));
        }
        return new Result(id, rowsRead, changes.created(), changes.updated(), changes.unchanged());
    }

    /** The row's own checks, on the day of the import; the row to stage, or null if it has a problem. */
    private static StagedRow check(CsvRecord record, LocalDate today, ImportProblems found) {
        List<ImportProblem> problems = new ArrayList<>();
        int line = record.line();
        String number = MembershipNumbers.normalise(record.get("membership_number"));
        if (!MembershipNumbers.FORM.matcher(number).matches()) {
            problems.add(new ImportProblem(
                    line, "membership_number", "Enter a membership number of up to 20 letters, digits or hyphens"));
        }
        String gmc = record.get("gmc_number");
        if (!GMC_NUMBER.matcher(gmc).matches()) {
            problems.add(new ImportProblem(line, "gmc_number", "A GMC number is 7 digits, like 1234567"));
        }
        String given = name(record, "given_name", problems);
        String family = name(record, "family_name", problems);
        String email = record.get("email").toLowerCase(Locale.ROOT);
        if (!EmailAddresses.isSendable(email)) {
            problems.add(new ImportProblem(line, "email", "Enter an email address like name@example.com"));
        }
        MembershipStatus status = parseEnum(MembershipStatus.class, record, "membership_status", problems, true);
        LocalDate statusSince = begun(record, "status_since", "the member's status began", today, problems);
        LocalDate joinedOn = begun(record, "joined_on", "the member joined", today, problems);
        // A status is what the member's standing has been since a day of their membership: one from before they
        // joined would count them in good standing, or lapsed, on days they were no member at all.
        if (statusSince != null && joinedOn != null && statusSince.isBefore(joinedOn)) {
            problems.add(new ImportProblem(
                    line,
                    "status_since",
                    "'" + statusSince + "' is before " + joinedOn + ", the day the member joined (joined_on): a"
                            + " status cannot begin before the member joined; enter a status_since on or after the"
                            + " day they joined"));
        }
        PracticeRole role = parseEnum(PracticeRole.class, record, "role", problems, false);
        String practice = record.get("practice_ods").toUpperCase(Locale.ROOT);
        LocalDate from = null;
        LocalDate to = null;
        if (role != null) {
            if (practice.isEmpty() && role.needsPractice()) {
                problems.add(new ImportProblem(
                        line, "practice_ods", "Enter the practice's ODS code (only a locum may have none)"));
            } else if (!practice.isEmpty() && !ODS_CODE.matcher(practice).matches()) {
                problems.add(new ImportProblem(
                        line, "practice_ods", "An ODS practice code is a letter and 5 letters or digits, like A81001"));
            }
            from = date(record, "role_from", problems, true);
            to = date(record, "role_to", problems, false);
            if (from != null && to != null && to.isBefore(from)) {
                problems.add(new ImportProblem(
                        line,
                        "role_to",
                        "'" + to + "' is before " + from + ", the day the role began (role_from): a role cannot end"
                                + " before it begins; enter a role_to on or after the day the role began, or leave it"
                                + " empty while the role goes on"));
            }
        } else if (!practice.isEmpty()
                || !record.get("role_from").isEmpty()
                || !record.get("role_to").isEmpty()) {
            problems.add(new ImportProblem(line, "role", "Enter the role this row gives the practice and dates for"));
        }
        if (!problems.isEmpty()) {
            problems.forEach(found::add);
            return null;
        }
        return new StagedRow(
                line,
                number,
                gmc,
                given,
                family,
                email,
                status,
                statusSince,
                joinedOn,
                role,
                practice.isEmpty() ? null : practice,
                from,
                to);
    }

    public static Member withRoles(Member member, List<RoleHeld> roles) {
        return new Member(
                member.membershipNumber(),
                member.gmcNumber(),
                member.givenName(),
                member.familyName(),
                member.email(),
                member.status(),
                member.statusSince(),
                member.joinedOn(),
                roles);
    }

    private static String name(CsvRecord record, String column, List<ImportProblem> problems) {
        String value = record.get(column);
        if (value.isEmpty()) {
            problems.add(new ImportProblem(record.line(), column, "Enter the " + column.replace('_', ' ')));
        } else if (value.length() > MAX_NAME) {
            problems.add(
                    new ImportProblem(record.line(), column, "Names must be " + MAX_NAME + " characters or fewer"));
        } else if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(new ImportProblem(record.line(), column, "Names cannot contain control characters"));
        }
        return value;
    }

    private static <E extends Enum<E>> E parseEnum(
            Class<E> type, CsvRecord record, String column, List<ImportProblem> problems, boolean required) {
        String value = record.get(column).toUpperCase(Locale.ROOT);
        if (value.isEmpty()) {
            if (required) {
                problems.add(new ImportProblem(record.line(), column, "Enter one of " + names(type)));
            }
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            problems.add(new ImportProblem(record.line(), column, "Must be one of " + names(type)));
            return null;
        }
    }

    private static LocalDate date(CsvRecord record, String column, List<ImportProblem> problems, boolean required) {
        String value = record.get(column);
        if (value.isEmpty()) {
            if (required) {
                problems.add(new ImportProblem(record.line(), column, "Enter a date like 2024-07-23"));
            }
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            if (day.getYear() < 1900 || day.getYear() > 2999) {
                problems.add(new ImportProblem(
                        record.line(),
                        column,
                        "'" + value + "' is not a date in the membership's years (1900 to 2999)"));
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            problems.add(new ImportProblem(
                    record.line(),
                    column,
                    "'" + abbreviate(value) + "' is not a date like 2024-07-23 (year-month-day)"));
            return null;
        }
    }

    /**
     * A required day the row says something began on, refused when it is after the day of the import: the membership
     * export records what has happened, and a status or joining dated ahead would count on the roll before it is true.
     */
    private static LocalDate begun(
            CsvRecord record, String column, String began, LocalDate today, List<ImportProblem> problems) {
        LocalDate day = date(record, column, problems, true);
        if (day == null || !day.isAfter(today)) {
            return day;
        }
        problems.add(new ImportProblem(
                record.line(),
                column,
                "'" + record.get(column) + "' is after " + DAY.format(today)
                        + ", the day of this import: enter the day " + began + ", which cannot be one still to come"));
        return null;
    }

    private static String abbreviate(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "…" : value;
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return String.join(
                ", ",
                java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
    }
}
