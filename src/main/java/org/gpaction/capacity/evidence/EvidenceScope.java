package org.gpaction.capacity.evidence;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.capacity.setup.CapacityDates;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.IcbNames;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which practices' counts a person may read: administrators every practice, LMC officers their LMC's, practice staff
 * their own. Filters narrow that, never widen it.
 */
@Component
class EvidenceScope {

    static final int LONGEST_RANGE_DAYS = 400;

    /** The shape of every code the practice directory takes in. */
    private static final Pattern ODS_CODE = Pattern.compile("[A-Z0-9]{2,10}");

    /** @param practices null for every practice in England */
    record Scope(String description, List<String> practices) {}

    record Range(LocalDate from, LocalDate to) {}

    private final Practices practices;
    private final IcbNames icbNames;

    EvidenceScope(Practices practices, IcbNames icbNames) {
        this.practices = practices;
        this.icbNames = icbNames;
    }

    Scope of(StaffPrincipal staff, String lmc, String icb, String practice) {
        String wantedLmc = blankToNull(lmc);
        String wantedIcb = blankToNull(icb) == null ? null : icb.strip().toUpperCase(Locale.ROOT);
        String wantedPractice =
                blankToNull(practice) == null ? null : practice.strip().toUpperCase(Locale.ROOT);
        String ownLmc = null;
        List<String> own = null;
        switch (staff.role()) {
            case ADMIN -> {}
            case LMC_OFFICER -> {
                ownLmc = staff.lmc();
                if (wantedLmc != null && !wantedLmc.equalsIgnoreCase(Objects.toString(ownLmc, ""))) {
                    throw new ResponseStatusException(
                            HttpStatus.FORBIDDEN, "LMC officers see only their own LMC's practices");
                }
                wantedLmc = ownLmc;
            }
            case PRACTICE_MANAGER, RECEPTIONIST -> own = List.copyOf(staff.practices());
            case SCRUTINEER ->
                throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Scrutineers do not see safe working figures");
        }
        // Once access is settled, a filter no practice matches would answer confident zeros: it is a question to
        // fix. An LMC officer's own LMC is the one they were given, whatever it holds.
        if (wantedLmc != null
                && staff.role() != StaffRole.LMC_OFFICER
                && practices.lmcCalled(wantedLmc).isEmpty()) {
            throw InvalidRequest.field("lmc", unknownLmc(wantedLmc));
        }
        if (wantedIcb != null && !practices.hasIcb(wantedIcb)) {
            throw InvalidRequest.field("icb", unknownIcb(wantedIcb));
        }
        if (wantedPractice != null) {
            if (!ODS_CODE.matcher(wantedPractice).matches()) {
                // Not looked up: a code no practice can have (a NUL, say) is no practice the person can see.
                throw new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "There is no practice by that code you can see");
            }
            String lmcAsked = wantedLmc;
            Practice found = practices
                    .find(wantedPractice)
                    .filter(p -> staff.role() == StaffRole.ADMIN
                            || (staff.role() == StaffRole.LMC_OFFICER
                                    && p.lmc() != null
                                    && p.lmc().equalsIgnoreCase(Objects.toString(staff.lmc(), "")))
                            || staff.practices().contains(p.odsCode()))
                    .orElseThrow(() -> new ResponseStatusException(
                            HttpStatus.NOT_FOUND, "There is no practice " + wantedPractice + " you can see"));
            // Filters narrow, never widen: a practice outside the LMC or ICB asked for is a question to fix.
            if (lmcAsked != null && !lmcAsked.equalsIgnoreCase(Objects.toString(found.lmc(), ""))) {
                throw InvalidRequest.field(
                        "practice",
                        found.odsCode() + " is not one of " + lmcAsked
                                + "'s practices: leave lmc out, or ask for one of its practices");
            }
            if (wantedIcb != null && !found.isInIcb(wantedIcb)) {
                throw InvalidRequest.field(
                        "practice",
                        found.odsCode() + " is not in " + icbArea(wantedIcb)
                                + ": leave icb out, or ask for one of its practices");
            }
            return new Scope(found.named(), List.of(found.odsCode()));
        }
        String lmcFilter = wantedLmc;
        if (own != null) {
            // Filters narrow a practice's staff to those of their own practices in the LMC or ICB asked for, none if
            // none is: their own figures are never an answer about another LMC or ICB.
            if (lmcFilter == null && wantedIcb == null) {
                return new Scope("Your practices", own);
            }
            List<String> codes = practices.findAll(own).values().stream()
                    .filter(p -> within(p, lmcFilter, wantedIcb))
                    .map(Practice::odsCode)
                    .toList();
            return new Scope("Your practices in " + area(lmcFilter, wantedIcb), codes);
        }
        if (lmcFilter == null && wantedIcb == null) {
            return new Scope("England", null);
        }
        List<String> codes = practices.all().stream()
                .filter(p -> within(p, lmcFilter, wantedIcb))
                .map(Practice::odsCode)
                .toList();
        return new Scope(area(lmcFilter, wantedIcb), codes);
    }

    /** What to do about an LMC filter no practice in the directory is in. */
    static String unknownLmc(String lmc) {
        return lmc + " is not an LMC in the practices directory: check its spelling, or leave lmc out";
    }

    /** What to do about an ICB filter no practice in the directory is in. */
    static String unknownIcb(String icb) {
        return icb + " is not an ICB in the practices directory: give an ICB code such as QHM (for a practice in Wales,"
                + " its health board, such as 7A3), or leave icb out";
    }

    /** The practices directory's ICB filter, which takes a practice in Wales by its health board too. */
    private static boolean within(Practice practice, String lmc, String icb) {
        return (lmc == null || lmc.equalsIgnoreCase(Objects.toString(practice.lmc(), "")))
                && (icb == null || practice.isInIcb(icb));
    }

    private String area(String lmc, String icb) {
        return (lmc == null ? "" : lmc) + (lmc != null && icb != null ? ", " : "") + (icb == null ? "" : icbArea(icb));
    }

    /** An ICB filter in words: the ICB's name and code, or a health board in Wales as the practices list names it. */
    private String icbArea(String icb) {
        return practices.isHealthBoard(icb) ? IcbNames.healthBoard(icb) : IcbNames.area(icb, icbNames.all());
    }

    static Range range(String from, String to, LocalDate today) {
        return range(from, to, today, false);
    }

    /** As {@link #range}, for a page: its refusals say dates in words, as pages do ("6 December 2026"). */
    static Range rangeOnPage(String from, String to, LocalDate today) {
        return range(from, to, today, true);
    }

    private static Range range(String from, String to, LocalDate today, boolean inWords) {
        LocalDate end = date("to", to, today, inWords);
        LocalDate start = date("from", from, earliestFrom(end.minusDays(27)), inWords);
        if (start.isAfter(end)) {
            throw InvalidRequest.field(
                    "from",
                    to == null || to.isBlank()
                            ? "from must be on or before today (" + (inWords ? UkTime.day(end) : end)
                                    + "), or give a to on or after it"
                            : "from must be on or before to");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > LONGEST_RANGE_DAYS) {
            throw InvalidRequest.field("from", "Ask for at most " + LONGEST_RANGE_DAYS + " days at a time");
        }
        return new Range(start, end);
    }

    /**
     * A start the person left out, no earlier than {@link CapacityDates#EARLIEST}: a {@code to} near it has fewer days
     * before it, and a refusal of a {@code from} they never gave would be a question they cannot answer.
     */
    static LocalDate earliestFrom(LocalDate wouldStart) {
        return wouldStart.isBefore(CapacityDates.EARLIEST) ? CapacityDates.EARLIEST : wouldStart;
    }

    private static LocalDate date(String field, String value, LocalDate otherwise, boolean inWords) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidRequest.field(field, field + " must be a date as yyyy-mm-dd");
        }
        return inWords ? CapacityDates.withinOnPage(field, date) : CapacityDates.within(field, date);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
