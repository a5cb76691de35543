package org.gpaction.practices;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * A GP practice as other modules see it.
 *
 * @param contractType null until a contract type file names the practice
 * @param listSize registered patients, null until a list size file names the practice
 * @param lmc the name of the Local Medical Committee whose area covers the practice, or null
 */
public record Practice(
        String odsCode,
        String name,
        String postcode,
        String icbCode,
        String subIcbCode,
        PracticeStatus status,
        Nation nation,
        ContractType contractType,
        Integer listSize,
        String lmc,
        LocalDate openedOn,
        LocalDate closedOn) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    /** The practice as pages and refusals name it: its name, then its ODS code in brackets. */
    public String named() {
        return name + " (" + odsCode + ")";
    }

    /**
     * Whether the directory's ICB filter takes the practice for this code, whatever its case: its ICB, or for a practice
     * in Wales its health board too ({@link Practices#IN_ICB} is the same rule in a statement).
     */
    public boolean isInIcb(String code) {
        return code.equalsIgnoreCase(icbCode) || (nation == Nation.WALES && code.equalsIgnoreCase(subIcbCode));
    }

    /**
     * Open on the day by its dates where the ODS file gives them, otherwise by its status. ODS dates are inclusive: the
     * open date is the first day the practice was open and the close date the last (nearly every close date in the file
     * is a month's last day), so it is open from one to the other, both days included.
     */
    public boolean isOpenOn(LocalDate day) {
        return notOpenOn(day).isEmpty();
    }

    /**
     * Why the practice is not open on the day, in words that follow "the practice" ("was last open on 30 November 2026"),
     * or empty when it is open: by its dates where the ODS file gives them, otherwise by its status.
     */
    public Optional<String> notOpenOn(LocalDate day) {
        if (status == PracticeStatus.PROPOSED) {
            return Optional.of("is only proposed, not open");
        }
        if (openedOn != null && openedOn.isAfter(day)) {
            return Optional.of("had not opened by " + DAY.format(day) + " (it opened on " + DAY.format(openedOn) + ")");
        }
        if (closedOn != null && closedOn.isBefore(day)) {
            return Optional.of("was last open on " + DAY.format(closedOn));
        }
        if (status == PracticeStatus.DORMANT) {
            return Optional.of("is dormant");
        }
        if (status == PracticeStatus.CLOSED && closedOn == null) {
            return Optional.of("is closed");
        }
        return Optional.empty();
    }
}
