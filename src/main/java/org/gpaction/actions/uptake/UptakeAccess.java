package org.gpaction.actions.uptake;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gpaction.accounts.StaffPrincipal;
import org.gpaction.accounts.StaffRole;
import org.gpaction.common.UkTime;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.practices.Practice;
import org.gpaction.practices.PracticeStatus;
import org.gpaction.practices.Practices;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Administrators see uptake anywhere; an LMC officer sees only their own LMC's (and its ICBs); nobody else sees
 * uptake at all.
 */
@Component
class UptakeAccess {

    private final Clock clock;
    private final Practices directory;

    private final Uptake uptake;

    UptakeAccess(Clock clock, Practices directory, Uptake uptake) {
        this.clock = clock;
        this.directory = directory;
        this.uptake = uptake;
    }

    UptakeScope scope(StaffPrincipal staff, String lmc, String icb) {
        String wantedLmc = blankToNull(lmc);
        String wantedIcb = blankToNull(icb);
        if (wantedIcb != null) {
            wantedIcb = wantedIcb.toUpperCase(Locale.ROOT);
            if (!wantedIcb.matches("[A-Z0-9]{1,10}")) {
                throw InvalidRequest.field("icb", "An ICB code is letters and digits, like QHM");
            }
        }
        UptakeScope scope = switch (staff.role()) {
            case ADMIN -> new UptakeScope(wantedLmc, wantedIcb);
            case LMC_OFFICER -> {
                if (wantedLmc != null && !wantedLmc.equalsIgnoreCase(staff.lmc())) {
                    throw new ResponseStatusException(
                            HttpStatus.FORBIDDEN, "LMC officers see the uptake of their own LMC only");
                }
                yield new UptakeScope(staff.lmc(), wantedIcb);
            }
            default ->
                throw new ResponseStatusException(
                        HttpStatus.FORBIDDEN, "Uptake is for administrators and LMC officers");
        };
        // A filter no practice matches would answer 0 practices and 0% of each action: it is a question to fix. The
        // ICB is checked first, so a page can say so and still show the LMC asked for. An LMC officer's own LMC is
        // the one they were given, whatever it holds. Only practices uptake counts match: a code only practices in
        // Wales carry (Q99), or only practices closed before the first menu, would answer zeros just the same.
        if (wantedIcb == null && (wantedLmc == null || staff.role() != StaffRole.ADMIN)) {
            return scope;
        }
        List<Practice> counted = uptake.countedSinceTheFirstMenu();
        if (wantedIcb != null && !directory.hasIcb(wantedIcb)) {
            throw InvalidRequest.field(
                    "icb",
                    wantedIcb + " is not an ICB in the practices directory: give an ICB code such as QHM, or leave"
                            + " icb out");
        }
        String icbCode = wantedIcb;
        if (wantedIcb != null && counted.stream().noneMatch(practice -> icbCode.equalsIgnoreCase(practice.icbCode()))) {
            throw InvalidRequest.field(
                    "icb", icbCode + noneCounted() + ": give an ICB code such as QHM, or leave icb out");
        }
        if (wantedLmc != null && staff.role() == StaffRole.ADMIN) {
            // Found whatever its case, and answered with the directory's name for it, not as it was typed.
            String named = directory
                    .lmcCalled(wantedLmc)
                    .orElseThrow(() -> InvalidRequest.field(
                            "lmc",
                            wantedLmc + " is not an LMC in the practices directory: check its spelling, or leave lmc"
                                    + " out"));
            if (counted.stream().noneMatch(practice -> named.equalsIgnoreCase(practice.lmc()))) {
                throw InvalidRequest.field("lmc", named + noneCounted() + ": give another LMC, or leave lmc out");
            }
            scope = new UptakeScope(named, scope.icb());
        }
        if (wantedIcb != null && scope.lmc() != null) {
            checkLmcIsInIcb(scope.lmc(), wantedIcb, counted);
        }
        return scope;
    }

    private String noneCounted() {
        return " has no practice in England open since the first action menu (" + UkTime.day(uptake.firstPublished())
                + ")";
    }

    /** Both an LMC and an ICB that none of its practices is in would answer 0 practices and 0% as well. */
    private void checkLmcIsInIcb(String lmc, String icb, List<Practice> counted) {
        List<Practice> ofLmc = counted.stream()
                .filter(practice -> lmc.equalsIgnoreCase(practice.lmc()))
                .toList();
        if (ofLmc.stream().anyMatch(practice -> icb.equalsIgnoreCase(practice.icbCode()))) {
            return;
        }
        Optional<String> example = ofLmc.stream()
                .sorted(Comparator.comparing((Practice practice) -> practice.status() != PracticeStatus.ACTIVE)
                        .thenComparing(Practice::icbCode))
                .map(Practice::icbCode)
                .findFirst();
        throw InvalidRequest.field(
                "icb",
                lmc + " has no practice in ICB " + icb
                        + example.map(code -> ": give one of its ICBs, such as " + code + ", or leave icb out")
                                .orElse(": leave icb out"));
    }

    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    LocalDate day(String on) {
        if (on == null || on.isBlank()) {
            return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
        }
        LocalDate day;
        try {
            day = LocalDate.parse(on.strip());
        } catch (DateTimeParseException e) {
            throw InvalidRequest.field("on", "Enter the date as a real date, like 2024-10-01");
        }
        // Each week back to the first menu is counted for the page: a date centuries ahead would be millions of weeks.
        if (day.isBefore(EARLIEST) || day.isAfter(today().plusYears(1))) {
            throw InvalidRequest.field("on", "Enter a date from 2000 to a year from today, like 2024-10-01");
        }
        return day;
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), UkTime.ZONE);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
