package org.gpaction.membership.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.gpaction.common.imports.CsvFile;
import org.gpaction.common.imports.CsvRecord;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.membership.Member;
import org.gpaction.membership.MemberDetailsChanged;
import org.gpaction.membership.MemberJoined;
import org.gpaction.membership.MembershipStatus;
import org.gpaction.membership.PracticeRole;
import org.gpaction.membership.RoleHeld;
import org.gpaction.practices.Practices;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports the union's membership export: one row per role, so a member with several roles has several rows. The
 * file is checked whole first; one bad row refuses the file and changes nothing. A member in the file gets exactly
 * the roles the file gives them; members not in the file are left as they are.
 */
@Service
public class MemberImport {

    public static final List<String> COLUMNS = List.of(
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

    public record Result(long importId, int rowsRead, int created, int updated, int unchanged) {}

    static final Pattern MEMBERSHIP_NUMBER = Pattern.compile("^[A-Za-z0-9-]{1,20}$");
    static final Pattern GMC_NUMBER = Pattern.compile("^[0-9]{7}$");
    static final Pattern EMAIL = Pattern.compile("^[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\"]+$");
    static final Pattern ODS_CODE = Pattern.compile("^[A-Z][A-Z0-9]{5}$");
    static final int MAX_NAME = 100;

    private final MemberRepository members;
    private final Practices practices;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final MembershipProperties properties;
    private final Clock clock;

    MemberImport(
            MemberRepository members,
            Practices practices,
            AuditLog audit,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            MembershipProperties properties,
            Clock clock) {
        this.members = members;
        this.practices = practices;
        this.audit = audit;
        this.jdbc = jdbc;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    @Transactional
    public Result importFile(String fileName, byte[] content, String actor) {
        CsvFile file = CsvFile.withHeader(fileName, content, properties.maxImportBytes(), COLUMNS);
        List<ImportProblem> problems = new ArrayList<>();
        Map<String, Member> fromFile = readMembers(file, problems);
        checkAgainstDirectoryAndRoll(file, fromFile, problems);
        if (!problems.isEmpty()) {
            throw new ImportRejected(fileName, problems);
        }

        members.lockRoll();
        Instant now = clock.instant();
        Map<String, Member> existing = members.findAll(fromFile.keySet());
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (Member member : fromFile.values()) {
            Member before = existing.get(member.membershipNumber());
            if (before == null) {
                members.insert(member, now);
                created++;
                audit.record(actor, "IMPORT_CREATED", member.membershipNumber(), "Created from " + fileName);
                events.publishEvent(new MemberJoined(member.membershipNumber()));
            } else if (!before.equals(member)) {
                members.update(member, now);
                updated++;
                audit.record(actor, "IMPORT_UPDATED", member.membershipNumber(), "Updated from " + fileName);
                events.publishEvent(new MemberDetailsChanged(member.membershipNumber()));
            } else {
                unchanged++;
                continue;
            }
            members.recordStatus(member);
            members.recordVersion(member, actor, now);
        }
        long id = jdbc.sql("""
                        insert into membership.import_run
                            (file_name, imported_by, imported_at, rows_read, created, updated, unchanged)
                        values (:file, :actor, :now, :rows, :created, :updated, :unchanged) returning id
                        """)
                .param("file", fileName)
                .param("actor", actor)
                .param("now", java.sql.Timestamp.from(now))
                .param("rows", file.records().size())
                .param("created", created)
                .param("updated", updated)
                .param("unchanged", unchanged)
                .query(Long.class)
                .single();
        return new Result(id, file.records().size(), created, updated, unchanged);
    }

    private Map<String, Member> readMembers(CsvFile file, List<ImportProblem> problems) {
        Map<String, Member> members = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (CsvRecord record : file.records()) {
            int line = record.line();
            int before = problems.size();
            String number = record.get("membership_number");
            if (!MEMBERSHIP_NUMBER.matcher(number).matches()) {
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
            if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
                problems.add(new ImportProblem(line, "email", "Enter an email address like name@example.com"));
            }
            MembershipStatus status = parseEnum(MembershipStatus.class, record, "membership_status", problems, true);
            LocalDate statusSince = date(record, "status_since", problems, true);
            LocalDate joinedOn = date(record, "joined_on", problems, true);
            List<RoleHeld> roles = new ArrayList<>();
            PracticeRole role = parseEnum(PracticeRole.class, record, "role", problems, false);
            if (role != null) {
                String practice = record.get("practice_ods").toUpperCase(Locale.ROOT);
                if (practice.isEmpty() && role.needsPractice()) {
                    problems.add(new ImportProblem(
                            line, "practice_ods", "Enter the practice's ODS code (only a locum may have none)"));
                } else if (!practice.isEmpty() && !ODS_CODE.matcher(practice).matches()) {
                    problems.add(new ImportProblem(
                            line,
                            "practice_ods",
                            "An ODS practice code is a letter and 5 letters or digits, like A81001"));
                }
                LocalDate from = date(record, "role_from", problems, true);
                LocalDate to = date(record, "role_to", problems, false);
                if (from != null && to != null && to.isBefore(from)) {
                    problems.add(new ImportProblem(line, "role_to", "The role cannot end before it begins"));
                }
                if (problems.size() == before) {
                    roles.add(new RoleHeld(role, practice.isEmpty() ? null : practice, from, to));
                }
            } else if (!record.get("practice_ods").isEmpty()
                    || !record.get("role_from").isEmpty()) {
                problems.add(
                        new ImportProblem(line, "role", "Enter the role this row gives the practice and dates for"));
            }
            if (problems.size() > before) {
                continue;
            }
            Member member = new Member(number, gmc, given, family, email, status, statusSince, joinedOn, roles);
            Member earlier = members.get(number);
            if (earlier == null) {
                members.put(number, member);
                firstLine.put(number, line);
            } else if (!sameDetails(earlier, member)) {
                problems.add(new ImportProblem(
                        line,
                        "membership_number",
                        "Member " + number + " has different details here than on line " + firstLine.get(number)
                                + ": every row of a member must agree on everything but the role"));
            } else {
                List<RoleHeld> all = new ArrayList<>(earlier.roles());
                all.addAll(roles);
                members.put(number, withRoles(earlier, all));
            }
        }
        return members;
    }

    private void checkAgainstDirectoryAndRoll(
            CsvFile file, Map<String, Member> fromFile, List<ImportProblem> problems) {
        Map<String, Integer> lineOf = new HashMap<>();
        Set<String> codes = new HashSet<>();
        for (CsvRecord record : file.records()) {
            lineOf.putIfAbsent(record.get("membership_number"), record.line());
            String practice = record.get("practice_ods").toUpperCase(Locale.ROOT);
            if (!practice.isEmpty()) {
                codes.add(practice);
            }
        }
        Set<String> unknown = practices.unknownCodes(codes);
        if (!unknown.isEmpty()) {
            for (CsvRecord record : file.records()) {
                String practice = record.get("practice_ods").toUpperCase(Locale.ROOT);
                if (unknown.contains(practice)) {
                    problems.add(new ImportProblem(
                            record.line(),
                            "practice_ods",
                            "There is no practice " + practice + " in the practice directory: check the code, or "
                                    + "import the ODS practice file first"));
                }
            }
        }
        Map<String, String> gmcInFile = new HashMap<>();
        Map<String, String> emailInFile = new HashMap<>();
        for (Member member : fromFile.values()) {
            int line = lineOf.get(member.membershipNumber());
            String otherGmc = gmcInFile.putIfAbsent(member.gmcNumber(), member.membershipNumber());
            if (otherGmc != null) {
                problems.add(new ImportProblem(
                        line,
                        "gmc_number",
                        "GMC number " + member.gmcNumber() + " is also given to member " + otherGmc));
            }
            String otherEmail = emailInFile.putIfAbsent(member.email(), member.membershipNumber());
            if (otherEmail != null) {
                problems.add(
                        new ImportProblem(line, "email", "This email address is also given to member " + otherEmail));
            }
        }
        members.holdersOfGmcNumbers(gmcInFile.keySet()).forEach((gmc, holder) -> {
            String number = gmcInFile.get(gmc);
            if (!holder.equals(number)) {
                problems.add(new ImportProblem(
                        lineOf.get(number),
                        "gmc_number",
                        "GMC number " + gmc + " already belongs to member " + holder + " on the roll"));
            }
        });
        members.holdersOfEmails(emailInFile.keySet()).forEach((email, holder) -> {
            String number = emailInFile.get(email);
            if (number != null && !holder.equals(number)) {
                problems.add(new ImportProblem(
                        lineOf.get(number), "email", "This email address already belongs to member " + holder));
            }
        });
        problems.sort(java.util.Comparator.comparingInt(ImportProblem::line));
    }

    private static boolean sameDetails(Member a, Member b) {
        return withRoles(a, List.of()).equals(withRoles(b, List.of()));
    }

    static Member withRoles(Member member, List<RoleHeld> roles) {
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
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(new ImportProblem(
                    record.line(),
                    column,
                    "'" + abbreviate(value) + "' is not a date like 2024-07-23 (year-month-day)"));
            return null;
        }
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
