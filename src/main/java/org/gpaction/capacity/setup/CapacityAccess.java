package org.gpaction.capacity.setup;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Who may do what with a practice's safe working, checked before anything is read or changed: receptionists and
 * practice managers work their own practices' day, only managers (and administrators) change the set-up, LMC officers
 * read their LMC's counts. A practice someone may not see at all is answered as if it did not exist.
 */
@Component
public class CapacityAccess {

    /** How long {@link #toRecord} keeps a practice's directory row. */
    static final Duration DIRECTORY_ROW_KEPT = Duration.ofMinutes(1);

    private final Practices practices;
    private final Clock clock;
    /** Practices' directory rows as last read, by ODS code: one small entry per practice someone worked for. */
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    private record Seen(Practice practice, long readAtNanos) {}

    CapacityAccess(Practices practices, Clock clock) {
        this.practices = practices;
        this.clock = clock;
    }

    /** Record requests and see the day: the practice's receptionists and managers, and administrators. */
    public Practice toWork(StaffPrincipal staff, String odsCode) {
        Practice practice = toSeeEvidence(staff, odsCode);
        seen.put(practice.odsCode(), new Seen(practice, System.nanoTime()));
        return mayWork(staff, practice);
    }

    /**
     * See the practice's day, waiting list or set-up: the same people as {@link #toWork}, refusing an LMC officer with
     * where they see the practice's counts instead, as they only asked to read.
     */
    public Practice toRead(StaffPrincipal staff, String odsCode) {
        Practice practice = toSeeEvidence(staff, odsCode);
        if (!worksAt(staff, practice)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "A practice's day and set-up are for its own staff and administrators; LMC officers see its"
                            + " evidence at /safe-working/" + practice.odsCode() + "/evidence");
        }
        seen.put(practice.odsCode(), new Seen(practice, System.nanoTime()));
        return practice;
    }

    /**
     * As {@link #toWork}, checked afresh for this member of staff every time, but with the practice's directory row
     * as read in the last minute: recording a request is the busiest thing a practice does, and the directory
     * changes with imports a month apart. A code never found is looked up every time. A practice not open today (UK
     * day) by the directory, closed, dormant or only proposed, has no more requests recorded, so none feed the
     * evidence; what it recorded stays readable.
     */
    public Practice toRecord(StaffPrincipal staff, String odsCode) {
        Seen known = seen.get(normalised(odsCode));
        if (known == null || System.nanoTime() - known.readAtNanos() > DIRECTORY_ROW_KEPT.toNanos()) {
            return openToday(toWork(staff, odsCode));
        }
        if (!maySee(staff, known.practice())) {
            throw notFound(known.practice().odsCode());
        }
        return openToday(mayWork(staff, known.practice()));
    }

    /**
     * Refuses, as if the practice did not exist, a form for a practice the sender does not work at, by who they are
     * alone: checked before every board form is read, so it leaves the directory to {@link #toRecord}'s kept row.
     * Administrators pass; the controller then checks that the practice exists.
     */
    static void toSendForm(StaffPrincipal staff, String odsCode) {
        String code = normalised(odsCode);
        if (staff.role() != StaffRole.ADMIN && !staff.practices().contains(code)) {
            throw notFound(code);
        }
    }

    /** Why no requests can be recorded for the practice today, or null while it is open. */
    public String notRecording(Practice practice) {
        return practice.notOpenOn(PracticeCalendar.dayOf(clock.instant()))
                .map(problem -> practice.odsCode() + " " + problem + ", so no requests can be recorded for it")
                .orElse(null);
    }

    private Practice openToday(Practice practice) {
        String refusal = notRecording(practice);
        if (refusal != null) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, refusal);
        }
        return practice;
    }

    /**
     * Whether this member of staff works the practice's day, and so reads what its staff wrote (who, and their words)
     * as well as its counts: its own staff and administrators, not LMC officers.
     */
    public static boolean worksAt(StaffPrincipal staff, Practice practice) {
        return staff.role() == StaffRole.ADMIN || ownPractice(staff, practice);
    }

    private static Practice mayWork(StaffPrincipal staff, Practice practice) {
        if (!worksAt(staff, practice)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN, "Only " + practice.odsCode() + "'s own staff record its requests");
        }
        return practice;
    }

    /**
     * Change clinicians, caps, hours and the front door: the practice's managers and administrators. An LMC officer is
     * refused by what they asked, a practice's set-up, and told where its counts are instead.
     */
    public Practice toManage(StaffPrincipal staff, String odsCode) {
        Practice practice = toSeeEvidence(staff, odsCode);
        if (!worksAt(staff, practice)) {
            throw new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "A practice's set-up is for its managers and administrators; LMC officers see its evidence at"
                            + " /safe-working/" + practice.odsCode() + "/evidence");
        }
        seen.put(practice.odsCode(), new Seen(practice, System.nanoTime()));
        if (!mayManage(staff)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, CapacityForms.MANAGERS);
        }
        return practice;
    }

    /** Whether {@link #toManage} lets this member of staff through at the practices they work, so a page offers no more. */
    public static boolean mayManage(StaffPrincipal staff) {
        return staff.role() == StaffRole.ADMIN || staff.role() == StaffRole.PRACTICE_MANAGER;
    }

    /** Read the practice's counts: its own staff, its LMC's officers and administrators. */
    public Practice toSeeEvidence(StaffPrincipal staff, String odsCode) {
        String code = normalised(odsCode);
        return practices.find(code).filter(practice -> maySee(staff, practice)).orElseThrow(() -> notFound(code));
    }

    private static String normalised(String odsCode) {
        return odsCode == null ? "" : odsCode.strip().toUpperCase(Locale.ROOT);
    }

    private static ResponseStatusException notFound(String code) {
        return new ResponseStatusException(
                HttpStatus.NOT_FOUND,
                "There is no practice " + (code.length() > 12 ? code.substring(0, 12) + "…" : code) + " you can see");
    }

    public static boolean maySee(StaffPrincipal staff, Practice practice) {
        return switch (staff.role()) {
            case ADMIN -> true;
            case PRACTICE_MANAGER, RECEPTIONIST -> ownPractice(staff, practice);
            case LMC_OFFICER ->
                staff.lmc() != null && staff.lmc().equalsIgnoreCase(Objects.toString(practice.lmc(), ""));
            case SCRUTINEER -> false;
        };
    }

    /** The practices a member of staff works for, by name; administrators look practices up by code instead. */
    public List<Practice> ownPractices(StaffPrincipal staff) {
        if (!staff.role().isTiedToPractices()) {
            return List.of();
        }
        return practices.findAll(staff.practices()).values().stream()
                .sorted(Comparator.comparing(Practice::name))
                .toList();
    }

    private static boolean ownPractice(StaffPrincipal staff, Practice practice) {
        return staff.role().isTiedToPractices() && staff.practices().contains(practice.odsCode());
    }
}
